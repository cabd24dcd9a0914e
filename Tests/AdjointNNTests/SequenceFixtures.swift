import Foundation
@testable import AdjointNN

// PyTorch's attention and recurrent vectors, written by Fixtures/make_sequence_vectors.py
// (float64): read from the JSON beside this file, so the tests need no PyTorch.

/// One case of `sequence_vectors.json`: its integer settings and its tensors by PyTorch name
/// (inputs, parameters in PyTorch's layouts, outputs, `r.<output>` weightings of the loss and
/// `grad.<leaf>` gradients).
struct SequenceCase: Decodable {
    struct Packed: Decodable {
        let shape: [Int]
        let data: [Double]
    }

    let config: [String: Int]
    let tensors: [String: Packed]

    /// The case `name` of the fixture file.
    static func named(_ name: String) throws -> SequenceCase {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sequence_vectors.json")
        let cases = try JSONDecoder().decode([String: SequenceCase].self, from: Data(contentsOf: url))
        guard let found = cases[name] else { throw FixtureError.missingCase(name) }
        return found
    }

    /// The tensor `name` in precision `S`.
    func tensor<S: TensorScalar>(_ name: String, as _: S.Type = S.self) -> Tensor<S> {
        guard let packed = tensors[name] else { fatalError("sequence fixture: no tensor \(name)") }
        return Tensor(packed.data.map { S($0) }, shape: packed.shape)
    }

    /// The names of the leaves PyTorch gave gradients for.
    var gradientNames: Set<String> { Set(tensors.keys.filter { $0.hasPrefix("grad.") }.map { String($0.dropFirst(5)) }) }
}

enum FixtureError: Error { case missingCase(String) }

/// A layer run on a fixture case: its outputs and its leaves (inputs and parameters) by the
/// fixture's PyTorch names; a parameter in `transposed` is PyTorch's transposed.
struct FixtureRun<S: TensorScalar> {
    let fixture: SequenceCase
    var outputs: [String: Variable<S>] = [:]
    var leaves: [String: Variable<S>] = [:]
    var transposed: Set<String> = []

    init(_ fixture: SequenceCase) { self.fixture = fixture }

    /// The fixture's input `name` as a leaf that requires gradients.
    mutating func input(_ name: String) -> Variable<S> {
        let leaf = Variable(fixture.tensor(name, as: S.self))
        leaves[name] = leaf
        return leaf
    }

    /// Loads `module` from the fixture's PyTorch parameters (`torchNames[path]` for each path),
    /// transposing the matrices into Adjoint's `(in, out)` layout.
    mutating func load(_ module: Module<S>, torchNames: [String: String]) throws {
        var state: [String: Tensor<S>] = [:]
        for (path, torchName) in torchNames {
            let value: Tensor<S> = fixture.tensor(torchName)
            state[path] = value.rank == 2 ? value.transposed() : value
            if value.rank == 2 { transposed.insert(torchName) }
        }
        try module.load(state)
        for (path, variable) in module.namedParameters { leaves[torchNames[path]!] = variable }
    }

    /// The loss whose gradients the fixture holds: sum over outputs of `output * r.<output>`.
    var loss: Variable<S> {
        let terms = outputs.keys.sorted().map { (outputs[$0]! * fixture.tensor("r." + $0, as: S.self)).sum() }
        return terms.dropFirst().reduce(terms[0], +)
    }
}

/// `max |a - b| / max(1, max |b|)`: absolute for entries up to 1, relative beyond; infinite
/// when the shapes differ.
func scaledDifference<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> Double {
    guard a.shape == b.shape else { return .infinity }
    let worst = zip(a.scalars, b.scalars).reduce(0.0) { Swift.max($0, Double(abs($1.0 - $1.1))) }
    return worst / Swift.max(1, b.scalars.reduce(0.0) { Swift.max($0, Double(abs($1))) })
}

extension FixtureRun where S == Double {
    /// `scaledDifference` of every output and every gradient against PyTorch's, by name
    /// (gradients as `grad.<leaf>`), after checking that every gradient PyTorch gave is compared.
    func differences() -> [String: Double] {
        var result: [String: Double] = [:]
        for (name, output) in outputs { result[name] = scaledDifference(output.value, fixture.tensor(name)) }
        let names = leaves.keys.sorted()
        let grads = gradients(of: loss, wrt: names.map { leaves[$0]! })
        for (name, grad) in zip(names, grads) {
            let ours = transposed.contains(name) ? grad.value.transposed() : grad.value
            result["grad." + name] = scaledDifference(ours, fixture.tensor("grad." + name))
        }
        if Set(names) != fixture.gradientNames { result["missing gradients"] = .infinity }
        return result
    }
}

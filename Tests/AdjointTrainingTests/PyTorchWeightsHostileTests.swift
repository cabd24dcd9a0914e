import Foundation
import Testing
@testable import AdjointTraining

/// A file that does not fit the model throws one line naming the file, the key and the shapes,
/// and leaves every parameter and buffer as it was.
@Suite struct PyTorchWeightsHostileTests {
    let folder: URL
    /// A `Linear(3, 2)` then `BatchNorm(2)`, saved in PyTorch's layout: `0.*` and `1.*`.
    let tensors: [(name: String, tensor: Tensor<Double>)]

    init() throws {
        folder = try makeTemporaryDirectory()
        var rng = SeededGenerator(seed: 3)
        let source = Sequential<Double>([Linear(3, 2, rng: &rng), BatchNorm(2)])
        let url = folder.appendingPathComponent("source.safetensors")
        try source.savePyTorchStateDict(to: url)
        let file = try SafeTensors.read(from: url)
        tensors = try file.names.map { (name: $0, tensor: try file.tensor(named: $0, as: Double.self)) }
    }

    /// The error of loading `tensors` changed by `edit` into a fresh model of `S`, after
    /// checking that the model is unchanged and the message is one line naming the file.
    func loadError<S: TensorScalar>(_: S.Type = Double.self, strict: Bool = true, keyMapping: PyTorchKeyMapping = [:],
                                    _ edit: (inout [(name: String, tensor: Tensor<Double>)]) -> Void = { _ in })
        throws -> PyTorchWeightsError.Problem? {
        var edited = tensors
        edit(&edited)
        let url = folder.appendingPathComponent("edited-\(UUID().uuidString).safetensors")
        try SafeTensors.write(edited, to: url)
        return try loadError(url, as: S.self, strict: strict, keyMapping: keyMapping)
    }

    func loadError<S: TensorScalar>(_ url: URL, as _: S.Type, strict: Bool = true, keyMapping: PyTorchKeyMapping = [:])
        throws -> PyTorchWeightsError.Problem? {
        let model = Sequential<S>([Linear(3, 2), BatchNorm(2)])
        let before = model.state
        do {
            try model.loadPyTorchStateDict(from: url, strict: strict, keyMapping: keyMapping)
            return nil
        } catch let error as PyTorchWeightsError {
            #expect(model.state == before)
            #expect(error.file == url.path && error.description.hasPrefix("PyTorch weights \(url.path): "))
            #expect(!error.description.contains("\n"))
            return error.problem
        }
    }

    @Test func theUneditedFileLoads() throws {
        #expect(try loadError() == nil)
    }

    @Test func aMissingKeyWithStrict() throws {
        let edit: (inout [(name: String, tensor: Tensor<Double>)]) -> Void = { $0.removeAll { $0.name == "1.running_var" } }
        #expect(try loadError(Double.self, edit) == .incompatibleKeys(missing: ["1.running_var"], unexpected: []))
        // Without strict the rest loads, and the missing key is reported.
        let url = folder.appendingPathComponent("partial.safetensors")
        var edited = tensors
        edit(&edited)
        try SafeTensors.write(edited, to: url)
        let model = Sequential<Double>([Linear(3, 2), BatchNorm(2)])
        let skipped = try model.loadPyTorchStateDict(from: url, strict: false)
        #expect(skipped == PyTorchIncompatibleKeys(missing: ["1.running_var"], unexpected: []))
        #expect(model.pyTorchStateDictShapes.count == 6)
        #expect((model.layers[0] as! Linear<Double>).weight.value == tensors.first { $0.name == "0.weight" }!.tensor.transposed())
    }

    @Test func anUnexpectedKeyWithStrict() throws {
        let problem = try loadError { $0.append((name: "2.weight", tensor: .zeros([1]))) }
        #expect(problem == .incompatibleKeys(missing: [], unexpected: ["2.weight"]))
    }

    @Test func aWrongShape() throws {
        let problem = try loadError { tensors in
            tensors = tensors.map { $0.name == "0.weight" ? (name: $0.name, tensor: .zeros([3, 2])) : $0 }
        }
        #expect(problem == .shapeMismatch(key: "0.weight", expected: [2, 3], found: [3, 2]))
    }

    @Test func float64IntoAFloatModel() throws {
        #expect(try loadError(Float.self) == .dtypeMismatch(key: "0.weight", expected: "F32", found: "F64"))
    }

    @Test func integersAsWeights() throws {
        let url = folder.appendingPathComponent("ints.safetensors")
        let bytes = { (count: Int) in [UInt8](repeating: 0, count: 8 * count) }
        try writeRawSafeTensors([("0.weight", "F64", [2, 3], bytes(6)), ("0.bias", "I64", [2], bytes(2)),
                                 ("1.weight", "F64", [2], bytes(2)), ("1.bias", "F64", [2], bytes(2)),
                                 ("1.running_mean", "F64", [2], bytes(2)), ("1.running_var", "F64", [2], bytes(2)),
                                 ("1.num_batches_tracked", "I64", [], bytes(1))], to: url)
        #expect(try loadError(url, as: Double.self) == .dtypeMismatch(key: "0.bias", expected: "F64", found: "I64"))
    }

    @Test func twoKeysMappedToOne() throws {
        let problem = try loadError(keyMapping: ["1.weight": "0.weight"])
        #expect(problem == .duplicateKey("0.weight", files: ["0.weight", "1.weight"]))
    }

    @Test func aGarbageFile() throws {
        let url = folder.appendingPathComponent("garbage.safetensors")
        try Data("not a safetensors file at all".utf8).write(to: url)
        guard case .format = try loadError(url, as: Double.self) else {
            Issue.record("a garbage file is not a format error")
            return
        }
    }

    @Test func aMissingFile() throws {
        let problem = try loadError(folder.appendingPathComponent("absent.safetensors"), as: Double.self)
        #expect(problem == .format(.unreadable(reason: "No such file or directory")))
    }
}

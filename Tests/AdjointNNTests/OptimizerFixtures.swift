import Foundation
@testable import AdjointNN

// torch.optim's trajectories, written by Fixtures/make_optimizer_vectors.py (float64): read from
// the JSON beside this file, so the tests need no PyTorch.

/// One case of `optimizer_vectors.json`: an optimizer with torch's resolved arguments, its
/// parameter groups, the two parameters' start and loss coefficients, and their values after
/// each step.
struct OptimizerCase: Decodable {
    /// A number, a flag or a pair (Adam's betas) among torch's arguments.
    enum Argument: Decodable {
        case number(Double), flag(Bool), pair([Double])

        init(from decoder: Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let flag = try? value.decode(Bool.self) { self = .flag(flag) }
            else if let number = try? value.decode(Double.self) { self = .number(number) }
            else { self = .pair(try value.decode([Double].self)) }
        }
    }

    struct Group: Decodable {
        let params: [String]
        let lr: Double?
        let weight_decay: Double?
    }

    struct Packed: Decodable {
        let shape: [Int]
        let data: [Double]
    }

    let optimizer: String
    let defaults: [String: Argument]
    let groups: [Group]
    let halveAt: Int
    let start: [String: Packed]
    let a: [String: Packed]
    let t: [String: Packed]
    /// `trajectory[name][step]`: the parameter after step `step + 1`, flattened.
    let trajectory: [String: [[Double]]]

    static let all: [String: OptimizerCase] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/optimizer_vectors.json")
        do { return try JSONDecoder().decode([String: OptimizerCase].self, from: Data(contentsOf: url)) }
        catch { fatalError("optimizer fixture: \(error)") }
    }()

    static var names: [String] { all.keys.sorted() }

    /// The parameters' names in a fixed order.
    static let parameterNames = ["weight", "bias"]

    func number(_ name: String) -> Double {
        guard case .number(let value) = defaults[name] else { fatalError("optimizer fixture: no number \(name)") }
        return value
    }

    func flag(_ name: String) -> Bool {
        guard case .flag(let value) = defaults[name] else { fatalError("optimizer fixture: no flag \(name)") }
        return value
    }

    func betas() -> [Double] {
        guard case .pair(let value) = defaults["betas"] else { fatalError("optimizer fixture: no betas") }
        return value
    }

    /// The optimizer of this case over `parameters` (by name), with every argument torch used.
    func makeOptimizer<S: TensorScalar>(_ parameters: [String: Variable<S>]) -> Optimizer<S> {
        let groups = groups.map { g in
            ParameterGroup(g.params.map { parameters[$0]! }, learningRate: g.lr.map { S($0) }, weightDecay: g.weight_decay.map { S($0) })
        }
        let (lr, wd) = (S(number("lr")), S(number("weight_decay")))
        switch optimizer {
        case "SGD":
            return SGD(groups, learningRate: lr, momentum: S(number("momentum")), dampening: S(number("dampening")),
                       nesterov: flag("nesterov"), weightDecay: wd)
        case "Adam":
            return Adam(groups, learningRate: lr, beta1: S(betas()[0]), beta2: S(betas()[1]), epsilon: S(number("eps")), weightDecay: wd)
        case "AdamW":
            return AdamW(groups, learningRate: lr, beta1: S(betas()[0]), beta2: S(betas()[1]), epsilon: S(number("eps")), weightDecay: wd)
        case "RMSprop":
            return RMSprop(groups, learningRate: lr, alpha: S(number("alpha")), epsilon: S(number("eps")), weightDecay: wd,
                           momentum: S(number("momentum")), centered: flag("centered"))
        case "Adagrad":
            return Adagrad(groups, learningRate: lr, learningRateDecay: S(number("lr_decay")), weightDecay: wd,
                           initialAccumulatorValue: S(number("initial_accumulator_value")), epsilon: S(number("eps")))
        default:
            fatalError("optimizer fixture: unknown optimizer \(optimizer)")
        }
    }

    /// Runs the case's 20 steps in precision `S`: the parameters after each step, flattened.
    func run<S: TensorScalar>(as _: S.Type) -> [String: [[Double]]] {
        func tensor(_ packed: Packed) -> Tensor<S> { Tensor(packed.data.map { S($0) }, shape: packed.shape) }
        let parameters = Dictionary(uniqueKeysWithValues: Self.parameterNames.map { ($0, Variable(tensor(start[$0]!))) })
        let optimizer = makeOptimizer(parameters)
        var values: [String: [[Double]]] = [:]
        for step in 1...trajectory["weight"]!.count {
            for (name, w) in parameters {
                // The gradient of sum(a w^2 / 2 + w^4 / 4 + t w), in the script's operations.
                let v = w.value
                w.grad = tensor(a[name]!) * v + v * v * v + tensor(t[name]!)
            }
            optimizer.step()
            for (name, w) in parameters { values[name, default: []].append(w.value.scalars.map { Double($0) }) }
            if step == halveAt {
                for i in optimizer.parameterGroups.indices { optimizer.parameterGroups[i].learningRate *= 0.5 }
            }
        }
        return values
    }

    /// The largest difference between `values` and torch's trajectory over every step.
    func worstDifference(_ values: [String: [[Double]]]) -> Double {
        Self.parameterNames.reduce(0.0) { worst, name in
            zip(values[name]!, trajectory[name]!).reduce(worst) { worst, pair in
                zip(pair.0, pair.1).reduce(worst) { max($0, abs($1.0 - $1.1)) }
            }
        }
    }
}

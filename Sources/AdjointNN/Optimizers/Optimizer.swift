/// Updates a model's parameters from their gradients.
///
/// An optimiser holds the named parameters it updates and its per-parameter state (moments,
/// velocities, step count), which `state` exposes by name and `load(state:)` restores, so a
/// checkpoint resumes training exactly. Parameters with no gradient are left alone. The update
/// rules themselves are the engine's fused in-place loops (`UpdateRule`), one pass per weight.
///
/// ```swift
/// let opt = Adam(model.parameters, learningRate: 1e-3)
/// let loss = softmaxCrossEntropy(model(x), labels: y)
/// model.zeroGrad(); loss.backward(); opt.step()
/// ```
open class Optimizer<Scalar: TensorScalar> {
    public let parameters: [(name: String, variable: Variable<Scalar>)]
    public var learningRate: Scalar
    /// Decoupled weight decay, as the assignment defines it: `w -= wd * w` each step.
    public var weightDecay: Scalar
    /// Per-parameter state tensors, keyed `"<parameter>.<slot>"`.
    var slots: [String: Tensor<Scalar>] = [:]
    /// The number of steps taken.
    public internal(set) var stepCount = 0

    public init(_ parameters: [(name: String, variable: Variable<Scalar>)], learningRate: Scalar, weightDecay: Scalar = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    /// The names of the state tensors kept per parameter.
    open var slotNames: [String] { [] }

    /// This step's rule and hyperparameters; subclasses describe theirs.
    open func rule() -> UpdateRule<Scalar> {
        var rule = UpdateRule<Scalar>(.sgd, learningRate: learningRate)
        rule.weightDecay = weightDecay
        return rule
    }

    /// Applies one update to every parameter that has a gradient.
    public func step() {
        stepCount += 1
        let rule = rule()
        for (name, variable) in parameters {
            guard let grad = variable.grad else { continue }
            // Take the state out of the dictionary so its storage is not shared while it is
            // updated in place (a shared one would be copied first).
            var state = slotNames.map { slots.removeValue(forKey: "\(name).\($0)") ?? .zeros(variable.shape) }
            variable.value.applyUpdate(rule, gradient: grad, state: &state)
            for (slot, tensor) in zip(slotNames, state) { slots["\(name).\(slot)"] = tensor }
        }
    }

    /// The optimiser's state: its slots by name, plus `step` and `learning_rate` as scalars.
    public var state: [String: Tensor<Scalar>] {
        slots.merging(["step": Tensor(Scalar(stepCount)), "learning_rate": Tensor(learningRate)]) { a, _ in a }
    }

    /// Restores a state saved from `state`, checking every slot's name and shape.
    public func load(state: [String: Tensor<Scalar>]) throws {
        var restored: [String: Tensor<Scalar>] = [:]
        for (key, value) in state where key != "step" && key != "learning_rate" {
            guard let dot = key.lastIndex(of: "."),
                  let parameter = parameters.first(where: { $0.name == key[..<dot] }) else {
                throw NNError.unknownParameter(key, available: parameters.map(\.name))
            }
            guard value.shape == parameter.variable.shape else {
                throw NNError.shapeMismatch("optimizer state \"\(key)\"", expected: parameter.variable.shape, got: value.shape)
            }
            restored[key] = value
        }
        slots = restored
        if let step = state["step"] { stepCount = Int(step.scalar) }
        if let lr = state["learning_rate"] { learningRate = lr.scalar }
    }
}

/// Plain stochastic gradient descent: `w -= lr * dw` (and `w -= wd * w` with weight decay).
///
/// ```swift
/// let opt = SGD(model.parameters, learningRate: 1e-2, weightDecay: 1e-4)
/// ```
public final class SGD<Scalar: TensorScalar>: Optimizer<Scalar> {}

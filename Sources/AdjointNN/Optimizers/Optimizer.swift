// Each rule below an `Optimizer` is one fused pass (`Tensor.update`) with its arithmetic in a
// small `UpdateRule` struct: `@inline(__always)` keeps the rule inlined into the loop, and
// `@_specialize` makes Float and Double copies, since generic lane arithmetic would go through
// witness tables.

/// Updates parameters from their gradients.
///
/// An optimiser holds the parameters it updates and, per parameter, the state tensors its rule
/// keeps (`slotNames`: a velocity, Adam's moments). `state` exposes them with the step count
/// and learning rate, and `restore(_:)` puts a saved state back after checking it, so a
/// checkpoint resumes training exactly. Parameters with no gradient, or frozen
/// (`requiresGrad` false), are left alone and get no state.
///
/// A rule is one fused pass over the weight, its gradient and its state, written as a closure
/// over eight-lane vectors (`Tensor.update(gradient:state:_:)`); a new optimiser subclasses
/// this class and overrides `slotNames` and `update(_:gradient:state:)`.
///
/// ```swift
/// let opt = Adam(model.parameters, learningRate: 1e-3)
/// opt.zeroGrad()
/// softmaxCrossEntropy(model(x), labels: y).backward()
/// opt.step()
/// ```
open class Optimizer<Scalar: TensorScalar> {
    /// The parameters updated, in order.
    public let parameters: [Variable<Scalar>]
    /// The step size; it may change between steps (a trainer sets it from its schedule).
    public var learningRate: Scalar
    /// Decoupled weight decay, not scaled by the learning rate: `w -= weightDecay * w` each step.
    public var weightDecay: Scalar
    /// The number of steps taken.
    ///
    /// ```swift
    /// opt.step(); print(opt.stepCount)   // 1
    /// ```
    public private(set) var stepCount = 0
    /// The state tensors of each parameter, one per slot (empty until its first update).
    private var slots: [[Tensor<Scalar>]]

    /// An optimiser of `parameters`.
    ///
    /// ```swift
    /// let sgd = SGD(model.parameters, learningRate: 1e-2)
    /// ```
    public init(_ parameters: [Variable<Scalar>], learningRate: Scalar, weightDecay: Scalar = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        slots = Array(repeating: [], count: parameters.count)
    }

    /// The names of the state tensors kept per parameter (at most three).
    open var slotNames: [String] { [] }

    /// Updates `weight` in place from `gradient`, with `state` (one tensor per slot) updated in
    /// place too; `stepCount` is already the 1-based number of this step.
    ///
    /// ```swift excerpt
    /// override func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>]) {
    ///     let lr = learningRate
    ///     weight.update(gradient: gradient, state: &state) { v in v.weight -= lr * v.gradient }
    /// }
    /// ```
    open func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>]) {
        fatalError("\(type(of: self)) does not override update(_:gradient:state:)")
    }

    /// Clears the gradient of every parameter this optimiser updates, as PyTorch's
    /// `optimizer.zero_grad()` does. It reads the list the optimiser keeps rather than finding
    /// the parameters by reflection on every call, as `Module.zeroGrad()` does.
    ///
    /// ```swift
    /// opt.zeroGrad(); softmaxCrossEntropy(model(x), labels: y).backward(); opt.step()
    /// ```
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// Applies one update to every parameter that requires and has a gradient.
    ///
    /// ```swift
    /// loss.backward(); opt.step()
    /// ```
    public func step() {
        stepCount += 1
        let slotCount = slotNames.count
        for (i, variable) in parameters.enumerated() {
            // A frozen parameter keeps any gradient from before it was frozen; it is not applied.
            guard variable.requiresGrad, let grad = variable.grad else { continue }
            // Take the state out of the array so its storage is not shared while it is updated
            // in place (a shared one would be copied first).
            // A rule with state starts it at zero on a parameter's first update; SGD has none,
            // so it allocates no unused zero tensor every step.
            var state = slots[i].isEmpty && slotCount > 0
                ? (0..<slotCount).map { _ in Tensor<Scalar>.zeros(variable.shape) } : slots[i]
            slots[i] = []
            update(&variable.value, gradient: grad, state: &state)
            slots[i] = state
        }
    }

    /// Everything an optimiser needs to continue exactly: its step count, learning rate and
    /// state tensors, `slots[parameter][slot]` (a parameter not yet updated has none).
    ///
    /// ```swift
    /// let saved = opt.state
    /// try opt.restore(saved)
    /// ```
    public struct State: Equatable, Sendable {
        /// The number of steps taken when the state was read.
        public var stepCount: Int
        /// The learning rate when the state was read.
        public var learningRate: Scalar
        /// The state tensors, `slots[parameter][slot]` in the order of `slotNames`; empty for a
        /// parameter not yet updated.
        ///
        /// ```swift
        /// let velocity = opt.state.slots[0].first   // Momentum: the first parameter's "velocity"
        /// ```
        public var slots: [[Tensor<Scalar>]]

        /// A state with the given parts.
        ///
        /// ```swift
        /// let fresh = Optimizer<Float>.State(stepCount: 0, learningRate: 1e-3, slots: [[], []])
        /// ```
        public init(stepCount: Int, learningRate: Scalar, slots: [[Tensor<Scalar>]]) {
            (self.stepCount, self.learningRate, self.slots) = (stepCount, learningRate, slots)
        }
    }

    /// The optimiser's current state.
    public var state: State { State(stepCount: stepCount, learningRate: learningRate, slots: slots) }

    /// Restores a state taken from `state` (or read from a checkpoint), checking it fits: one
    /// entry per parameter, each empty or one tensor per slot of the parameter's shape, a step
    /// count of at least 0, a finite learning rate.
    ///
    /// ```swift
    /// let saved = opt.state   // ... more steps, then back:
    /// try opt.restore(saved)
    /// ```
    public func restore(_ state: State) throws(NNError) {
        guard state.stepCount >= 0 else { throw .invalidState("optimizer state: step count \(state.stepCount) is negative") }
        guard state.learningRate.isFinite else {
            throw .invalidState("optimizer state: learning rate \(state.learningRate) is not finite")
        }
        guard state.slots.count == parameters.count else {
            throw .invalidState("optimizer state: \(state.slots.count) parameters, the optimizer has \(parameters.count)")
        }
        for (i, (tensors, parameter)) in zip(state.slots, parameters).enumerated() where !tensors.isEmpty {
            guard tensors.count == slotNames.count else {
                throw .invalidState("optimizer state: parameter \(i) has \(tensors.count) slots, \(type(of: self)) keeps \(slotNames.count) (\(slotNames.joined(separator: ", ")))")
            }
            for (slot, tensor) in zip(slotNames, tensors) where tensor.shape != parameter.shape {
                throw .shapeMismatch("optimizer state \(slot) of parameter \(i)", expected: parameter.shape, got: tensor.shape)
            }
        }
        (stepCount, learningRate, slots) = (state.stepCount, state.learningRate, state.slots)
    }
}

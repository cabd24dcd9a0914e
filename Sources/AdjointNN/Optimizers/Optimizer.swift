// Each rule below an `Optimizer` is one fused pass (`Tensor.update`) with its arithmetic in a
// small `UpdateRule` struct: `@inline(__always)` keeps the rule inlined into the loop, and
// `@_specialize` makes Float and Double copies, since generic lane arithmetic would go through
// witness tables.

/// Updates parameters from their gradients.
///
/// An optimiser holds the parameters it updates in `parameterGroups`, each group with its own
/// learning rate and weight decay (PyTorch's `param_groups`; one group when made from a list of
/// parameters), and, per parameter, the state tensors its rule keeps (`slotNames`: a momentum
/// buffer, Adam's moments). `state` exposes them with the step count and the groups' rates,
/// and `restore(_:)` puts a saved state back after checking it, so a checkpoint resumes
/// training exactly. Parameters with no gradient, or frozen (`requiresGrad` false), are left
/// alone and get no state.
///
/// `SGD`, `Adam`, `AdamW`, `RMSprop` and `Adagrad` follow `torch.optim`'s rules and arguments;
/// `Momentum` and `decoupledDecay` are the course's forms.
///
/// A rule is one fused pass over the weight, its gradient and its state, written as a closure
/// over eight-lane vectors (`Tensor.update(gradient:state:_:)`); a new optimiser subclasses
/// this class and overrides `slotNames` and `update(_:gradient:state:step:)`.
///
/// ```swift
/// let opt = Adam(model.parameters, learningRate: 1e-3)
/// opt.zeroGrad()
/// softmaxCrossEntropy(model(x), labels: y).backward()
/// opt.step()
/// ```
open class Optimizer<Scalar: TensorScalar> {
    /// The parameters updated, in order: those of every group, group after group.
    public let parameters: [Variable<Scalar>]
    /// The groups of parameters with their learning rates and weight decays, which may change
    /// between steps; a group's parameters may not.
    ///
    /// ```swift
    /// opt.parameterGroups[0].learningRate *= 0.1
    /// ```
    public var parameterGroups: [ParameterGroup<Scalar>] {
        didSet {
            check(parameterGroups.flatMap(\.parameters).elementsEqual(parameters, by: ===),
                  "Optimizer.parameterGroups: the groups' parameters changed; only their settings may")
        }
    }
    /// The course's decoupled weight decay, not scaled by the learning rate: each step takes
    /// `decoupledDecay * w` from every weight (0 for none). `train` sets it to `lr x weight_decay`
    /// and its `Trainer` scales it with the schedule; PyTorch's forms are `weightDecay`.
    ///
    /// ```swift
    /// opt.decoupledDecay = 1e-4   // w -= 1e-4 * w each step, whatever the learning rate
    /// ```
    public var decoupledDecay: Scalar = 0
    /// The number of steps taken.
    ///
    /// ```swift
    /// opt.step(); print(opt.stepCount)   // 1
    /// ```
    public internal(set) var stepCount = 0
    /// The state tensors of each parameter, one per slot (empty until its first update).
    var slots: [[Tensor<Scalar>]]
    /// The group of each parameter, by index.
    private let groupOfParameter: [Int]

    /// An optimiser of `groups`, whose settings left out are `learningRate` and `weightDecay`.
    /// There must be a group, and a parameter may be in one group only.
    ///
    /// ```swift
    /// let sgd = SGD([ParameterGroup([w]), ParameterGroup([b], weightDecay: 0)], learningRate: 1e-2, weightDecay: 5e-4)
    /// ```
    public init(_ groups: [ParameterGroup<Scalar>], learningRate: Scalar, weightDecay: Scalar = 0) {
        check(!groups.isEmpty, "\(type(of: self)): no parameter groups (a group may be empty, the list may not)")
        parameterGroups = groups.map { $0.resolved(learningRate: learningRate, weightDecay: weightDecay) }
        parameters = groups.flatMap(\.parameters)
        groupOfParameter = groups.enumerated().flatMap { i, group in Array(repeating: i, count: group.parameters.count) }
        check(Set(parameters.map(ObjectIdentifier.init)).count == parameters.count,
              "\(type(of: self)): a parameter appears in more than one place of the parameter groups")
        slots = Array(repeating: [], count: parameters.count)
    }

    /// An optimiser of `parameters` in one group.
    ///
    /// ```swift
    /// let sgd = SGD(model.parameters, learningRate: 1e-2)
    /// ```
    public convenience init(_ parameters: [Variable<Scalar>], learningRate: Scalar, weightDecay: Scalar = 0) {
        self.init([ParameterGroup(parameters)], learningRate: learningRate, weightDecay: weightDecay)
    }

    /// The first group's learning rate (the only one of an optimiser made from a list of
    /// parameters); setting it sets every group's, as a loop over PyTorch's `param_groups`
    /// would. A trainer's schedule sets each group's after each step, from the group's first.
    public var learningRate: Scalar {
        get { parameterGroups[0].learningRate }
        set { for i in parameterGroups.indices { parameterGroups[i].learningRate = newValue } }
    }

    /// The first group's weight decay in the optimiser's convention; setting it sets every group's.
    public var weightDecay: Scalar {
        get { parameterGroups[0].weightDecay }
        set { for i in parameterGroups.indices { parameterGroups[i].weightDecay = newValue } }
    }

    /// The names of the state tensors kept per parameter (at most three).
    open var slotNames: [String] { [] }

    /// The state of a parameter before its first update: zeros, one tensor per slot.
    open func initialState(_ weight: Tensor<Scalar>) -> [Tensor<Scalar>] {
        slotNames.map { _ in Tensor<Scalar>.zeros(weight.shape) }
    }

    /// Updates `weight` in place from `gradient`, with `state` (one tensor per slot) updated in
    /// place too, with the settings of the weight's group in `step`; `stepCount` is already the
    /// 1-based number of this step.
    ///
    /// ```swift excerpt
    /// override func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>],
    ///                      step: ParameterStep<Scalar>) {
    ///     let lr = step.learningRate
    ///     weight.update(gradient: gradient, state: &state) { v in v.weight -= lr * v.gradient }
    /// }
    /// ```
    open func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>],
                     step: ParameterStep<Scalar>) {
        fatalError("\(type(of: self)) does not override update(_:gradient:state:step:)")
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
        for (i, variable) in parameters.enumerated() {
            // A frozen parameter keeps any gradient from before it was frozen; it is not applied.
            guard variable.requiresGrad, let grad = variable.grad else { continue }
            // Take the state out of the array so its storage is not shared while it is updated
            // in place (a shared one would be copied first).
            // A rule with state starts it on a parameter's first update; SGD has none, so it
            // allocates no unused tensor every step.
            let first = slots[i].isEmpty
            var state = first ? initialState(variable.value) : slots[i]
            slots[i] = []
            let group = parameterGroups[groupOfParameter[i]]
            update(&variable.value, gradient: grad, state: &state,
                   step: ParameterStep(learningRate: group.learningRate, weightDecay: group.weightDecay, isFirstUpdate: first))
            slots[i] = state
        }
    }
}

/// What one parameter's update is given besides its tensors: its group's settings, and whether
/// its state is fresh from `initialState` (its first update; always, for a rule with no state).
///
/// ```swift
/// let step = ParameterStep<Float>(learningRate: 1e-2, weightDecay: 0, isFirstUpdate: true)
/// ```
public struct ParameterStep<Scalar: TensorScalar> {
    /// The group's learning rate.
    public var learningRate: Scalar
    /// The group's weight decay.
    public var weightDecay: Scalar
    /// Whether the parameter has had no update before.
    public var isFirstUpdate: Bool

    /// The settings of one parameter's update.
    public init(learningRate: Scalar, weightDecay: Scalar, isFirstUpdate: Bool) {
        (self.learningRate, self.weightDecay, self.isFirstUpdate) = (learningRate, weightDecay, isFirstUpdate)
    }
}

extension Optimizer {
    /// Traps if a momentum goes to or from 0 once a parameter has state: the momentum buffer is
    /// a slot only while there is momentum (`slotNames`), so the state would lose or lack it.
    func checkMomentumBuffer(from old: Scalar, to new: Scalar) {
        check((old == 0) == (new == 0) || slots.allSatisfy(\.isEmpty),
              "\(type(of: self)).momentum: \(old) to \(new) after steps that kept state; momentum may not start or stop mid-run")
    }
}

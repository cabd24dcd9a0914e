/// Changes an optimiser's learning rate as training goes, as PyTorch's
/// `torch.optim.lr_scheduler` schedulers do: made on an optimiser, it sets the rate at once
/// (a warm-up's first rate), and each `step()`, called after `optimizer.step()` once per
/// iteration or per epoch as you choose, sets the next one.
///
/// Each scheduler keeps the rates of every parameter group from the group's own starting rate
/// (`baseRates`) and computes the next rate from the current one, as PyTorch's `step()` does,
/// so schedulers on one optimiser chain (`ChainedScheduler`). Rates are Doubles whatever the
/// optimiser's scalar. Its `state` (steps taken, rates, counters) is `Codable`; `restore(_:)`
/// puts it back, so a checkpointed run continues the same rates.
///
/// ```swift
/// let w = Variable(Tensor<Double>.zeros([3]))
/// let opt = SGD([w], learningRate: 0.1)
/// let schedule = StepLR(optimizer: opt, stepSize: 30, gamma: 0.1)
/// for _ in 0..<90 {
///     opt.zeroGrad(); (w * w).sum().backward(); opt.step()
///     schedule.step()
/// }
/// print(schedule.lastRates)   // [0.0001...]
/// ```
open class LearningRateScheduler<Scalar: TensorScalar> {
    /// The optimiser whose rate this sets.
    public let optimizer: Optimizer<Scalar>
    /// The rate of each parameter group the schedule starts from (PyTorch's `base_lrs`).
    public internal(set) var baseRates: [Double]
    /// The number of `step()` calls (PyTorch's `last_epoch`).
    public internal(set) var stepCount = 0
    /// The rates the last step set, one per parameter group (PyTorch's `get_last_lr()`).
    public internal(set) var lastRates: [Double]

    /// A scheduler of `optimizer` starting from its present rates; sets its first rates.
    public init(optimizer: Optimizer<Scalar>) {
        self.optimizer = optimizer
        baseRates = optimizer.scheduledRates
        lastRates = baseRates
        apply(startingRates(current: baseRates))
    }

    /// The rates the schedule starts with, given the optimiser's `current` ones (PyTorch's
    /// first step, made by the constructor): the current ones unless overridden.
    open func startingRates(current: [Double]) -> [Double] { current }

    /// The rates after step `stepCount` (already counted, at least 1) from the `current` ones
    /// (PyTorch's `get_lr()`).
    open func rates(current: [Double]) -> [Double] { current }

    /// Sets the next rates; call it after `optimizer.step()`.
    ///
    /// ```swift
    /// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
    /// let schedule = ExponentialLR(optimizer: opt, gamma: 0.5)
    /// schedule.step()
    /// print(opt.learningRate)   // 0.05
    /// ```
    open func step() {
        stepCount += 1
        apply(rates(current: optimizer.scheduledRates))
    }

    /// Starts the schedule over from `baseRates`, as `SequentialLR` does at a milestone
    /// (PyTorch's `step(0)`).
    public final func restart() { restart(from: baseRates) }

    /// Starts the schedule over, its counters cleared, from the `current` rates (a chain's
    /// earlier schedulers' rates, else `baseRates`).
    open func restart(from current: [Double]) {
        stepCount = 0
        apply(startingRates(current: current))
    }

    /// Sets the optimiser's rates and remembers them.
    final func apply(_ rates: [Double]) {
        optimizer.scheduledRates = rates
        lastRates = optimizer.scheduledRates
    }

    /// The scheduler's name in its state: its type without the scalar (`StepLR`).
    public var name: String { String(String(describing: type(of: self)).prefix { $0 != "<" }) }

    /// What the schedule needs to continue: the step count, base and last rates, and its own
    /// counters (a plateau's best metric, a restart's cycle).
    ///
    /// ```swift
    /// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
    /// let schedule = StepLR(optimizer: opt, stepSize: 2)
    /// let saved = schedule.state
    /// try schedule.restore(saved)
    /// ```
    open var state: LearningRateSchedulerState {
        var state = LearningRateSchedulerState(name: name, stepCount: stepCount, baseRates: baseRates, lastRates: lastRates)
        state.children = children.map(\.state)
        return state
    }

    /// The schedulers a composite steps (`SequentialLR`, `ChainedScheduler`), whose states its
    /// own holds and restores; none for the others.
    var children: [LearningRateScheduler<Scalar>] { [] }

    /// Puts back a state taken from `state` of a scheduler of the same kind, after checking it;
    /// the optimiser's rates are its own state and are not changed.
    open func restore(_ state: LearningRateSchedulerState) throws(NNError) {
        try checkFits(state)
        if !children.isEmpty { try restoreChildren(state.children) }
        (stepCount, baseRates, lastRates) = (state.stepCount, state.baseRates, state.lastRates)
    }

    /// Restores a composite's children, all or none: a child that refuses puts the others back.
    private func restoreChildren(_ states: [LearningRateSchedulerState]) throws(NNError) {
        guard states.count == children.count else {
            throw .invalidState("scheduler state: \(states.count) child states, \(name) has \(children.count) schedulers")
        }
        let previous = children.map(\.state)
        do {
            for (scheduler, child) in zip(children, states) { try scheduler.restore(child) }
        } catch {
            for (scheduler, old) in zip(children, previous) { try? scheduler.restore(old) }
            throw error
        }
    }

    /// The largest count a state may hold: exact as a Double, and more than any run takes.
    static var maximumCount: Int { 1 << 53 }

    /// Throws unless `state` is of this kind of scheduler, with counters and rates it can hold.
    final func checkFits(_ state: LearningRateSchedulerState, counters: [String] = []) throws(NNError) {
        // Quoted: the name is read from a file and may hold anything, a line break too.
        guard state.name == name else { throw .invalidState("scheduler state: a \(state.name.debugDescription) state, the scheduler is a \(name)") }
        // Bounded, so that counting on from it cannot overflow.
        guard (0...Self.maximumCount).contains(state.stepCount) else {
            throw .invalidState("scheduler state: step count \(state.stepCount) is not a count (an integer from 0 to 2^53)")
        }
        let groups = optimizer.scheduledRates.count
        guard state.baseRates.count == groups && state.lastRates.count == groups else {
            throw .invalidState("scheduler state: \(state.baseRates.count) base and \(state.lastRates.count) last rates, the optimizer has \(groups) groups")
        }
        guard (state.baseRates + state.lastRates).allSatisfy(\.isFinite) else {
            throw .invalidState("scheduler state: a rate is not finite")
        }
        if let missing = counters.first(where: { state.counters[$0] == nil }) {
            throw .invalidState("scheduler state: \(name) needs the counter \"\(missing)\"")
        }
    }
}

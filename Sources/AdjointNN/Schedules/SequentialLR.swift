/// Schedulers one after another (PyTorch's `SequentialLR`): the first until the first
/// milestone step, where the second starts over from the base rates, and so on.
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
/// let schedule = SequentialLR(optimizer: opt, schedulers: [LinearLR(optimizer: opt, startFactor: 0.1, totalIters: 5),
///                                                          CosineAnnealingLR(optimizer: opt, tMax: 95)],
///                             milestones: [5])
/// ```
public final class SequentialLR<Scalar: TensorScalar>: LearningRateScheduler<Scalar> {
    /// The schedulers, in the order they run.
    public let schedulers: [LearningRateScheduler<Scalar>]
    /// The steps at which each scheduler after the first starts.
    public let milestones: [Int]

    /// `schedulers` of `optimizer` (made in order, the first before any other), switching at
    /// `milestones` (one fewer than the schedulers, increasing).
    public init(optimizer: Optimizer<Scalar>, schedulers: [LearningRateScheduler<Scalar>], milestones: [Int]) {
        checkComposable(schedulers, of: optimizer, in: "SequentialLR")
        check(milestones.count == schedulers.count - 1 && zip(milestones, milestones.dropFirst()).allSatisfy { $0 < $1 },
              "SequentialLR: \(schedulers.count) schedulers need \(schedulers.count - 1) increasing milestones, got \(milestones)")
        (self.schedulers, self.milestones) = (schedulers, milestones)
        super.init(optimizer: optimizer)
        shareBaseRates(of: schedulers)
        restart()
    }

    override public func step() {
        stepCount += 1
        let index = milestones.count { $0 <= stepCount }
        let scheduler = schedulers[index]
        if index > 0 && milestones[index - 1] == stepCount { scheduler.restart() } else { scheduler.step() }
        lastRates = scheduler.lastRates
    }

    /// Starts over with the first scheduler from `current` (PyTorch's `SequentialLR` starts
    /// it from the base rates).
    override public func restart(from current: [Double]) {
        stepCount = 0
        schedulers[0].restart(from: current)
        lastRates = schedulers[0].lastRates
    }

    override var children: [LearningRateScheduler<Scalar>] { schedulers }
}

extension LearningRateScheduler {
    /// Starts every scheduler from the first's base rates: the rates before any of them changed
    /// the optimiser's, as PyTorch keeps them in `initial_lr`.
    func shareBaseRates(of schedulers: [LearningRateScheduler<Scalar>]) {
        baseRates = schedulers[0].baseRates
        for scheduler in schedulers { scheduler.baseRates = baseRates }
    }
}

/// Traps unless `schedulers` are at least one, all of `optimizer`, none a plateau schedule.
func checkComposable<Scalar>(_ schedulers: [LearningRateScheduler<Scalar>], of optimizer: Optimizer<Scalar>, in name: String) {
    check(!schedulers.isEmpty, "\(name): no schedulers")
    for (i, scheduler) in schedulers.enumerated() {
        check(scheduler.optimizer === optimizer, "\(name): scheduler \(i) (\(scheduler.name)) belongs to another optimizer")
        check(!(scheduler is ReduceLROnPlateau<Scalar>), "\(name): scheduler \(i) is a ReduceLROnPlateau, which needs a metric")
    }
}

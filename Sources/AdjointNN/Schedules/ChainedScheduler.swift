/// Schedulers of one optimiser stepped together, each from the rate the one before set
/// (PyTorch's `ChainedScheduler`): a warm-up times a decay, say.
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
/// let schedule = ChainedScheduler([LinearLR(optimizer: opt, startFactor: 0.1, totalIters: 5),
///                                  ExponentialLR(optimizer: opt, gamma: 0.9)])
/// ```
public final class ChainedScheduler<Scalar: TensorScalar>: LearningRateScheduler<Scalar> {
    /// The schedulers, stepped in this order.
    public let schedulers: [LearningRateScheduler<Scalar>]

    /// `schedulers` of one optimiser, made in order, stepped together.
    public init(_ schedulers: [LearningRateScheduler<Scalar>]) {
        check(!schedulers.isEmpty, "ChainedScheduler: no schedulers")
        let optimizer = schedulers[0].optimizer
        self.schedulers = schedulers
        super.init(optimizer: optimizer)
        checkComposable(schedulers, of: optimizer, in: "ChainedScheduler")
        shareBaseRates(of: schedulers)
    }

    override public func step() {
        stepCount += 1
        for scheduler in schedulers { scheduler.step() }
        lastRates = optimizer.scheduledRates
    }

    /// Starts every scheduler over, each from the rates the one before set.
    override public func restart(from current: [Double]) {
        stepCount = 0
        var rates = current
        for scheduler in schedulers {
            scheduler.restart(from: rates)
            rates = scheduler.lastRates
        }
        lastRates = rates
    }

    override var children: [LearningRateScheduler<Scalar>] { schedulers }
}

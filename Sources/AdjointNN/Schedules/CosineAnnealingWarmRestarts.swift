/// Half a cosine from the base rate to `etaMin` over `t0` steps, then a restart at the base
/// rate with a cycle `tMult` times longer (PyTorch's `CosineAnnealingWarmRestarts`, SGDR).
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
/// let schedule = CosineAnnealingWarmRestarts(optimizer: opt, t0: 10, tMult: 2)   // cycles of 10, 20, 40 steps
/// ```
public final class CosineAnnealingWarmRestarts<Scalar: TensorScalar>: LearningRateScheduler<Scalar> {
    /// The steps of the first cycle.
    public let t0: Int
    /// The factor by which each cycle is longer than the one before.
    public let tMult: Int
    /// The lowest rate.
    public let etaMin: Double
    /// Steps taken in the present cycle (PyTorch's `T_cur`).
    public private(set) var cycleStep = 0
    /// The present cycle's length (PyTorch's `T_i`).
    public private(set) var cycleLength: Int

    /// A schedule of `optimizer` with cycles of `t0`, `t0 * tMult`, ... steps down to `etaMin`.
    public init(optimizer: Optimizer<Scalar>, t0: Int, tMult: Int = 1, etaMin: Double = 0) {
        check(t0 > 0 && tMult >= 1, "CosineAnnealingWarmRestarts: t0 must be positive and tMult at least 1, got \(t0) and \(tMult)")
        (self.t0, self.tMult, self.etaMin, cycleLength) = (t0, tMult, etaMin, t0)
        super.init(optimizer: optimizer)
    }

    override public func startingRates(current: [Double]) -> [Double] { baseRates }

    override public func rates(current: [Double]) -> [Double] {
        cycleStep += 1
        if cycleStep >= cycleLength {
            cycleStep %= cycleLength
            cycleLength *= tMult
        }
        let share = (1 + cosine(Double.pi * Double(cycleStep) / Double(cycleLength))) / 2
        return baseRates.map { etaMin + ($0 - etaMin) * share }
    }

    override public func restart(from current: [Double]) {
        (cycleStep, cycleLength) = (0, t0)
        super.restart(from: current)
    }

    override public var state: LearningRateSchedulerState {
        var state = super.state
        state.counters = ["cycleStep": Double(cycleStep), "cycleLength": Double(cycleLength)]
        return state
    }

    /// Whether `length` is `t0 * tMult^k` for some k, at most 2^53.
    private func isCycleLength(_ length: Int) -> Bool {
        var cycle = t0
        while cycle < length && tMult > 1 && cycle <= Self.maximumCount { cycle *= tMult }
        return cycle == length
    }

    override public func restore(_ state: LearningRateSchedulerState) throws(NNError) {
        try checkFits(state, counters: ["cycleStep", "cycleLength"])
        let (stored, storedLength) = (state.counters["cycleStep"]!, state.counters["cycleLength"]!)
        guard let length = Int(exactly: storedLength), let step = Int(exactly: stored), isCycleLength(length),
              step >= 0, step < length else {
            throw .invalidState("scheduler state: CosineAnnealingWarmRestarts cycle step \(stored) of \(storedLength) does not fit t0 \(t0) and tMult \(tMult)")
        }
        try super.restore(state)
        (cycleStep, cycleLength) = (step, length)
    }
}

/// The one-cycle policy (PyTorch's `OneCycleLR`): from `maxLR / divFactor` up to `maxLR` over
/// the first `pctStart` of `totalSteps`, then down to `maxLR / divFactor / finalDivFactor` at
/// the last step, along a cosine or a line. It replaces the optimiser's rate.
///
/// With `cycleMomentum` (the default, as PyTorch's) it moves the momentum the other way along
/// the same curve, from `maxMomentum` down to `baseMomentum` while the rate rises and back up
/// while it falls, setting it from the start: `momentum` of `SGD`, `RMSprop` and the course's
/// `Momentum`, `beta1` of `Adam` and `AdamW`. An `SGD` or `RMSprop` made without momentum gets
/// one, as in PyTorch; an optimiser with none (`Adagrad`) needs `cycleMomentum: false`. The
/// momentum is the optimiser's, not a group's, so every group's moves together: PyTorch's
/// cycle when its groups share one momentum.
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1, momentum: 0.9)
/// let schedule = OneCycleLR(optimizer: opt, maxLR: 0.5, totalSteps: 1000)
/// print(opt.momentum, schedule.lastRates)   // 0.95 [0.02]
/// ```
public final class OneCycleLR<Scalar: TensorScalar>: LearningRateScheduler<Scalar> {
    /// How the rate moves within a phase.
    public enum AnnealStrategy: String, Sendable { case cos, linear }

    /// The highest rate, reached at the end of the first phase.
    public let maxLR: Double
    /// The number of steps of the whole cycle; stepping past it traps.
    public let totalSteps: Int
    /// The share of the steps spent increasing the rate.
    public let pctStart: Double
    /// Cosine or linear annealing.
    public let annealStrategy: AnnealStrategy
    /// Whether the momentum (or Adam's `beta1`) cycles inversely to the rate.
    public let cycleMomentum: Bool
    /// The lowest momentum, reached with the highest rate.
    public let baseMomentum: Double
    /// The momentum at the first and last steps.
    public let maxMomentum: Double
    /// The first rate is `maxLR / divFactor`.
    public let divFactor: Double
    /// The last rate is the first divided by `finalDivFactor`.
    public let finalDivFactor: Double

    /// A one-cycle schedule of `optimizer` over `totalSteps` steps, with PyTorch's arguments and
    /// defaults (but `three_phase`).
    ///
    /// ```swift
    /// let opt = Adam([Variable(Tensor<Double>.zeros([1]))])
    /// let schedule = OneCycleLR(optimizer: opt, maxLR: 1e-2, totalSteps: 500, baseMomentum: 0.8, maxMomentum: 0.9)
    /// print(opt.beta1)   // 0.9
    /// ```
    public init(optimizer: Optimizer<Scalar>, maxLR: Double, totalSteps: Int, pctStart: Double = 0.3,
                annealStrategy: AnnealStrategy = .cos, cycleMomentum: Bool = true, baseMomentum: Double = 0.85,
                maxMomentum: Double = 0.95, divFactor: Double = 25, finalDivFactor: Double = 1e4) {
        check(totalSteps > 0 && pctStart >= 0 && pctStart <= 1,
              "OneCycleLR: total steps \(totalSteps) must be positive and pctStart \(pctStart) in [0, 1]")
        // The rising phase ends at step pctStart x totalSteps - 1: at 0 it has no length to divide by.
        check(pctStart * Double(totalSteps) != 1,
              "OneCycleLR: pctStart \(pctStart) x total steps \(totalSteps) is 1, which leaves the rising phase no steps")
        check(!cycleMomentum || optimizer is any ScheduledMomentum,
              "OneCycleLR: cycleMomentum needs an optimizer with momentum or beta1, and \(type(of: optimizer)) has neither")
        (self.maxLR, self.totalSteps, self.pctStart) = (maxLR, totalSteps, pctStart)
        (self.annealStrategy, self.divFactor, self.finalDivFactor) = (annealStrategy, divFactor, finalDivFactor)
        (self.cycleMomentum, self.baseMomentum, self.maxMomentum) = (cycleMomentum, baseMomentum, maxMomentum)
        super.init(optimizer: optimizer)
        // The cycle starts from its own initial rate, not the optimiser's, as PyTorch's `initial_lr`.
        baseRates = baseRates.map { _ in maxLR / divFactor }
        apply(startingRates(current: baseRates))
        applyMomentum()
    }

    override public func startingRates(current: [Double]) -> [Double] { rateAtStep() }

    override public func rates(current: [Double]) -> [Double] {
        check(stepCount <= totalSteps, "OneCycleLR.step: step \(stepCount) is past the \(totalSteps) total steps")
        return rateAtStep()
    }

    /// Sets the next rates and momentum; call it after `optimizer.step()`.
    override public func step() {
        super.step()
        applyMomentum()
    }

    /// Starts the cycle over: its first rates, and momentum.
    override public func restart(from current: [Double]) {
        super.restart(from: current)
        applyMomentum()
    }

    /// Puts back a state, and with `cycleMomentum` the momentum of its step (the optimiser's
    /// state does not hold it); a state past `totalSteps` is refused.
    override public func restore(_ state: LearningRateSchedulerState) throws(NNError) {
        try checkFits(state)
        guard state.stepCount <= totalSteps else {
            throw .invalidState("scheduler state: step count \(state.stepCount) is past the \(totalSteps) total steps of OneCycleLR")
        }
        try super.restore(state)
        applyMomentum()
    }

    /// The phase step `stepCount` is in, rising or falling, and how far along it.
    private var phase: (rising: Bool, share: Double) {
        let step = Double(stepCount)
        let rise = pctStart * Double(totalSteps) - 1
        let last = Double(totalSteps - 1)
        return step <= rise ? (true, step / rise) : (false, (step - rise) / (last - rise))
    }

    /// The rate at step `stepCount` of each group.
    private func rateAtStep() -> [Double] {
        let (rising, share) = phase
        return baseRates.map { initial in
            rising ? anneal(from: initial, to: maxLR, share: share) : anneal(from: maxLR, to: initial / finalDivFactor, share: share)
        }
    }

    /// Sets the optimiser's momentum of step `stepCount`, with `cycleMomentum`.
    private func applyMomentum() {
        guard cycleMomentum, let target = optimizer as? any ScheduledMomentum else { return }
        let (rising, share) = phase
        target.setScheduledMomentum(rising ? anneal(from: maxMomentum, to: baseMomentum, share: share)
                                           : anneal(from: baseMomentum, to: maxMomentum, share: share))
    }

    private func anneal(from start: Double, to end: Double, share: Double) -> Double {
        switch annealStrategy {
        case .cos: end + (start - end) / 2.0 * (cosine(Double.pi * share) + 1)
        case .linear: (end - start) * share + start
        }
    }
}

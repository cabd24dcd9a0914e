/// The one-cycle policy (PyTorch's `OneCycleLR`): from `maxLR / divFactor` up to `maxLR` over
/// the first `pctStart` of `totalSteps`, then down to `maxLR / divFactor / finalDivFactor` at
/// the last step, along a cosine or a line. It replaces the optimiser's rate; momentum is not
/// cycled.
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
/// let schedule = OneCycleLR(optimizer: opt, maxLR: 0.5, totalSteps: 1000)
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
    /// The first rate is `maxLR / divFactor`.
    public let divFactor: Double
    /// The last rate is the first divided by `finalDivFactor`.
    public let finalDivFactor: Double

    /// A one-cycle schedule of `optimizer` over `totalSteps` steps.
    public init(optimizer: Optimizer<Scalar>, maxLR: Double, totalSteps: Int, pctStart: Double = 0.3,
                annealStrategy: AnnealStrategy = .cos, divFactor: Double = 25, finalDivFactor: Double = 1e4) {
        check(totalSteps > 0 && pctStart >= 0 && pctStart <= 1,
              "OneCycleLR: total steps \(totalSteps) must be positive and pctStart \(pctStart) in [0, 1]")
        (self.maxLR, self.totalSteps, self.pctStart) = (maxLR, totalSteps, pctStart)
        (self.annealStrategy, self.divFactor, self.finalDivFactor) = (annealStrategy, divFactor, finalDivFactor)
        super.init(optimizer: optimizer)
        // The cycle starts from its own initial rate, not the optimiser's, as PyTorch's `initial_lr`.
        baseRates = baseRates.map { _ in maxLR / divFactor }
        apply(startingRates(current: baseRates))
    }

    override public func startingRates(current: [Double]) -> [Double] { rateAtStep() }

    override public func rates(current: [Double]) -> [Double] {
        check(stepCount <= totalSteps, "OneCycleLR.step: step \(stepCount) is past the \(totalSteps) total steps")
        return rateAtStep()
    }

    /// The rate at step `stepCount` of each group: the phase it is in and how far along.
    private func rateAtStep() -> [Double] {
        let step = Double(stepCount)
        let rise = pctStart * Double(totalSteps) - 1
        let last = Double(totalSteps - 1)
        return baseRates.map { initial in
            if step <= rise {
                return anneal(from: initial, to: maxLR, share: step / rise)
            }
            return anneal(from: maxLR, to: initial / finalDivFactor, share: (step - rise) / (last - rise))
        }
    }

    /// Refuses a state past the last step as well: stepping on from it would trap.
    override public func restore(_ state: LearningRateSchedulerState) throws(NNError) {
        try checkFits(state)
        guard state.stepCount <= totalSteps else {
            throw .invalidState("scheduler state: OneCycleLR step \(state.stepCount) is past the \(totalSteps) total steps")
        }
        try super.restore(state)
    }

    private func anneal(from start: Double, to end: Double, share: Double) -> Double {
        switch annealStrategy {
        case .cos: end + (start - end) / 2.0 * (cosine(Double.pi * share) + 1)
        case .linear: (end - start) * share + start
        }
    }
}

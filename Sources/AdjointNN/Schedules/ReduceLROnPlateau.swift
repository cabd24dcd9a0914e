/// Multiplies the rate by `factor` when a metric has stopped improving for more than
/// `patience` steps (PyTorch's `ReduceLROnPlateau`); step it with the metric, usually once per
/// epoch with the validation loss.
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
/// let plateau = ReduceLROnPlateau(optimizer: opt, mode: .min, factor: 0.5, patience: 3)
/// for validationLoss in [1.0, 0.9, 0.9, 0.9, 0.9, 0.9] { plateau.step(metric: validationLoss) }
/// print(opt.learningRate)   // 0.05
/// ```
public final class ReduceLROnPlateau<Scalar: TensorScalar>: LearningRateScheduler<Scalar> {
    /// Whether a lower metric (a loss) or a higher one (an accuracy) is better.
    public enum Mode: String, Sendable { case min, max }
    /// Whether `threshold` is a share of the best metric or an amount.
    public enum ThresholdMode: String, Sendable { case rel, abs }

    /// Whether the metric is a loss (`.min`) or a score (`.max`).
    public let mode: Mode
    /// The factor of each reduction, below 1.
    public let factor: Double
    /// The steps without improvement tolerated before a reduction.
    public let patience: Int
    /// How much better than the best a metric must be to count as an improvement.
    public let threshold: Double
    /// Whether `threshold` is relative to the best metric or absolute.
    public let thresholdMode: ThresholdMode
    /// The steps after a reduction during which bad steps are not counted.
    public let cooldown: Int
    /// The lowest rate.
    public let minLR: Double
    /// A reduction smaller than this is not made.
    public let eps: Double
    /// The best metric so far (infinity, or minus infinity in `.max` mode, before any).
    public private(set) var best: Double
    /// Steps since the last improvement.
    public private(set) var badEpochs = 0
    /// Steps of cooldown left.
    public private(set) var cooldownCounter = 0

    /// A plateau schedule of `optimizer`.
    public init(optimizer: Optimizer<Scalar>, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10,
                threshold: Double = 1e-4, thresholdMode: ThresholdMode = .rel, cooldown: Int = 0,
                minLR: Double = 0, eps: Double = 1e-8) {
        check(factor < 1 && patience >= 0 && cooldown >= 0,
              "ReduceLROnPlateau: factor \(factor) must be below 1, patience \(patience) and cooldown \(cooldown) not negative")
        (self.mode, self.factor, self.patience, self.threshold) = (mode, factor, patience, threshold)
        (self.thresholdMode, self.cooldown, self.minLR, self.eps) = (thresholdMode, cooldown, minLR, eps)
        best = mode == .min ? .infinity : -.infinity
        super.init(optimizer: optimizer)
    }

    /// A plateau schedule needs the metric: this traps, call `step(metric:)`.
    override public func step() {
        fatalError("ReduceLROnPlateau.step: the schedule needs the metric; call step(metric:)")
    }

    /// Counts a step with `metric`, and reduces the rate when it has not improved for more
    /// than `patience` steps outside a cooldown.
    public func step(metric: Double) {
        stepCount += 1
        if isBetter(metric) {
            (best, badEpochs) = (metric, 0)
        } else {
            badEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            badEpochs = 0
        }
        if badEpochs > patience {
            apply(optimizer.scheduledRates.map { old in
                let new = Swift.max(old * factor, minLR)
                return old - new > eps ? new : old
            })
            (cooldownCounter, badEpochs) = (cooldown, 0)
        }
        lastRates = optimizer.scheduledRates
    }

    private func isBetter(_ metric: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .rel): metric < best * (1 - threshold)
        case (.min, .abs): metric < best - threshold
        case (.max, .rel): metric > best * (threshold + 1)
        case (.max, .abs): metric > best + threshold
        }
    }

    override public func restart(from current: [Double]) {
        (best, badEpochs, cooldownCounter) = (mode == .min ? .infinity : -.infinity, 0, 0)
        super.restart(from: current)
    }

    override public var state: LearningRateSchedulerState {
        var state = super.state
        state.counters = ["best": best, "badEpochs": Double(badEpochs), "cooldownCounter": Double(cooldownCounter)]
        return state
    }

    override public func restore(_ state: LearningRateSchedulerState) throws(NNError) {
        try checkFits(state, counters: ["best", "badEpochs", "cooldownCounter"])
        let counters = state.counters
        guard let bad = Int(exactly: counters["badEpochs"]!), let cool = Int(exactly: counters["cooldownCounter"]!),
              (0...Self.maximumCount).contains(bad), (0...cooldown).contains(cool), !counters["best"]!.isNaN else {
            throw .invalidState("scheduler state: ReduceLROnPlateau counters \(counters) are not counts and a best metric")
        }
        try super.restore(state)
        (best, badEpochs, cooldownCounter) = (counters["best"]!, bad, cool)
    }
}

/// A scheduler's state, which `LearningRateScheduler.restore(_:)` puts back: the same fields
/// for every scheduler, its own counters by name, and a composite's children in order.
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
/// let plateau = ReduceLROnPlateau(optimizer: opt, patience: 2)
/// plateau.step(metric: 1.0)
/// print(plateau.state.counters["best"]!)   // 1.0
/// ```
public struct LearningRateSchedulerState: Codable, Equatable, Sendable {
    /// The scheduler's type (`StepLR`); a state restores only into the same kind.
    public var name: String
    /// The number of `step()` calls.
    public var stepCount: Int
    /// The rate of each parameter group the schedule starts from.
    public var baseRates: [Double]
    /// The rates the last step set.
    public var lastRates: [Double]
    /// The scheduler's own counters, by name (`best`, `badEpochs`, `cycleLength`).
    public var counters: [String: Double]
    /// The states of a composite's schedulers, in order.
    public var children: [LearningRateSchedulerState]

    /// A state with the given parts.
    public init(name: String, stepCount: Int, baseRates: [Double], lastRates: [Double],
                counters: [String: Double] = [:], children: [LearningRateSchedulerState] = []) {
        (self.name, self.stepCount, self.baseRates, self.lastRates) = (name, stepCount, baseRates, lastRates)
        (self.counters, self.children) = (counters, children)
    }
}

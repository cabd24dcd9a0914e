/// How the learning rate decays during training (the assignments' two families).
///
/// ```swift
/// let perEpoch = LearningRateSchedule.perEpoch(0.95)                    // lr *= 0.95 after each epoch
/// let stepped = LearningRateSchedule.everyIterations(1000, factor: 0.5) // lr *= 0.5 every 1000 steps
/// ```
public enum LearningRateSchedule: Sendable, Equatable {
    case constant
    /// Multiply by `factor` once per epoch.
    case perEpoch(Double)
    /// Multiply by `factor` every `n` iterations.
    case everyIterations(Int, factor: Double)

    /// The factor to apply after `iteration` (1-based), which may end an epoch.
    func factor(afterIteration iteration: Int, endsEpoch: Bool) -> Double {
        switch self {
        case .constant: return 1
        case let .perEpoch(factor): return endsEpoch ? factor : 1
        case let .everyIterations(n, factor): return n > 0 && iteration % n == 0 ? factor : 1
        }
    }
}

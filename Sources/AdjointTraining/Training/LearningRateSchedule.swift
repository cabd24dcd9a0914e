import Foundation

/// How the learning rate decays during training (the assignments' two families).
///
/// ```swift
/// let perEpoch = LearningRateSchedule.perEpoch(0.95)                    // lr *= 0.95 after each epoch
/// let stepped = LearningRateSchedule.everyIterations(1000, factor: 0.5) // lr *= 0.5 every 1000 steps
/// let cosine = LearningRateSchedule.cosine(iterations: 17_200)           // half a cosine from lr to 0
/// ```
public enum LearningRateSchedule: Sendable, Equatable {
    case constant
    /// Multiply by `factor` once per epoch.
    case perEpoch(Double)
    /// Multiply by `factor` every `n` iterations.
    case everyIterations(Int, factor: Double)
    /// Half a cosine from the initial rate down to 0 over `iterations` steps (PyTorch's
    /// `CosineAnnealingLR` stepped every iteration), then 0.
    case cosine(iterations: Int)

    /// The factor to apply after `iteration` (1-based), which may end an epoch.
    func factor(afterIteration iteration: Int, endsEpoch: Bool) -> Double {
        switch self {
        case .constant: return 1
        case let .perEpoch(factor): return endsEpoch ? factor : 1
        case let .everyIterations(n, factor): return n > 0 && iteration % n == 0 ? factor : 1
        case .cosine: return 1
        }
    }

    /// The rate after `iteration` (1-based) of a schedule that sets it from the initial rate
    /// `base` rather than multiplying; nil for the others.
    func rate(afterIteration iteration: Int, base: Double) -> Double? {
        guard case let .cosine(iterations) = self else { return nil }
        let done = iterations > 0 ? min(Double(iteration) / Double(iterations), 1) : 1
        return base * (1 + cos(Double.pi * done)) / 2
    }
}

import Foundation

/// How the learning rate decays during training: stepwise by a factor, or along a cosine.
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

    /// The rate after `iteration` (1-based), which may end an epoch: the `current` rate times
    /// the step's factor, or for `.cosine` the initial rate `base`'s share at that point.
    func rate<S: BinaryFloatingPoint>(afterIteration iteration: Int, endsEpoch: Bool, current: S, base: S) -> S {
        switch self {
        case .constant: return current
        case let .perEpoch(factor): return endsEpoch ? current * S(factor) : current
        case let .everyIterations(n, factor): return n > 0 && iteration % n == 0 ? current * S(factor) : current
        case let .cosine(iterations):
            let done = iterations > 0 ? min(Double(iteration) / Double(iterations), 1) : 1
            return S(Double(base) * (1 + cos(Double.pi * done)) / 2)
        }
    }
}

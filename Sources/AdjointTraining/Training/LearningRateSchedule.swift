import Foundation

/// How a trainer changes the learning rate: any `LearningRateScheduler` (`StepLR`,
/// `CosineAnnealingLR`, `ReduceLROnPlateau`, ...) stepped after every iteration or every
/// epoch, or one of the trainer's own decays (`perEpoch`, `everyIterations`, `cosine`).
///
/// A scheduler is made on the trainer's optimiser when the trainer is made, so the schedule
/// holds the function that makes it (two such schedules are equal when one is a copy of the other). A `ReduceLROnPlateau` is stepped once per epoch, after
/// the evaluation, with the validation score (`Trainer`: the accuracy, so make it with
/// `mode: .max`; `SupervisedTrainer`: the validation loss).
///
/// ```swift
/// let perEpoch = LearningRateSchedule<Float>.perEpoch(0.95)                    // lr *= 0.95 after each epoch
/// let stepped = LearningRateSchedule<Float>.everyIterations(1000, factor: 0.5) // lr *= 0.5 every 1000 steps
/// let cosine = LearningRateSchedule<Float>.cosine(iterations: 17_200)           // half a cosine from lr to 0
/// let steps = LearningRateSchedule<Float>.scheduler(per: .epoch) { StepLR(optimizer: $0, stepSize: 30, gamma: 0.1) }
/// ```
public struct LearningRateSchedule<Scalar: TensorScalar>: Sendable, Equatable {
    /// When a scheduler steps.
    public enum Interval: Sendable, Equatable {
        /// After every optimiser step.
        case iteration
        /// After the last step of every epoch.
        case epoch
    }

    /// Makes a trainer's scheduler on its optimiser; compared by identity.
    final class Factory: Sendable {
        let make: @Sendable (Optimizer<Scalar>) -> LearningRateScheduler<Scalar>
        init(_ make: @escaping @Sendable (Optimizer<Scalar>) -> LearningRateScheduler<Scalar>) { self.make = make }
    }

    enum Kind: Sendable, Equatable {
        case decay(Decay)
        case scheduler(Factory, Interval)

        static func == (a: Kind, b: Kind) -> Bool {
            switch (a, b) {
            case let (.decay(x), .decay(y)): x == y
            case let (.scheduler(f, i), .scheduler(g, j)): f === g && i == j
            default: false
            }
        }
    }

    let kind: Kind

    /// The rate stays as the optimiser has it.
    public static var constant: Self { Self(kind: .decay(.constant)) }
    /// Multiply by `factor` once per epoch.
    public static func perEpoch(_ factor: Double) -> Self { Self(kind: .decay(.perEpoch(factor))) }
    /// Multiply by `factor` every `n` iterations.
    public static func everyIterations(_ n: Int, factor: Double) -> Self { Self(kind: .decay(.everyIterations(n, factor: factor))) }
    /// Half a cosine from the initial rate down to 0 over `iterations` steps (PyTorch's
    /// `CosineAnnealingLR` stepped every iteration), then 0.
    public static func cosine(iterations: Int) -> Self { Self(kind: .decay(.cosine(iterations: iterations))) }

    /// The scheduler `make` builds on the trainer's optimiser, stepped after every iteration
    /// or epoch (a `ReduceLROnPlateau` after every epoch's evaluation, whatever `interval`).
    ///
    /// ```swift
    /// let warmCosine = LearningRateSchedule<Float>.scheduler(per: .iteration) { optimizer in
    ///     SequentialLR(optimizer: optimizer, schedulers: [LinearLR(optimizer: optimizer, startFactor: 0.1, totalIters: 100),
    ///                                                     CosineAnnealingLR(optimizer: optimizer, tMax: 900)],
    ///                  milestones: [100])
    /// }
    /// ```
    public static func scheduler(per interval: Interval,
                                 _ make: @escaping @Sendable (Optimizer<Scalar>) -> LearningRateScheduler<Scalar>) -> Self {
        Self(kind: .scheduler(Factory(make), interval))
    }

    /// The trainer's own decays, whose arithmetic checkpoints of earlier runs depend on.
    enum Decay: Sendable, Equatable {
        case constant
        case perEpoch(Double)
        case everyIterations(Int, factor: Double)
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
}

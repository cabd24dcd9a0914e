import Synchronization

/// The generator layers draw their initial weights from when no generator is passed, like
/// `torch.manual_seed` or `MLXRandom.seed`: seeded with 0 at start, so a program that builds
/// the same layers in the same order gets the same weights every run.
///
/// ```swift
/// DefaultRandom.seed(42)
/// let fc = Linear<Float>(784, 100)     // drawn from the default generator
/// ```
public enum DefaultRandom {
    static let generator = Mutex(SeededGenerator(seed: 0))

    /// Restarts the default generator from `seed`.
    ///
    /// ```swift
    /// DefaultRandom.seed(0); let a = Linear<Float>(3, 2)
    /// DefaultRandom.seed(0); let b = Linear<Float>(3, 2)   // a.weight.value == b.weight.value
    /// ```
    public static func seed(_ seed: UInt64) {
        generator.withLock { $0 = SeededGenerator(seed: seed) }
    }

    /// Runs `body` with the default generator.
    static func draw<R>(_ body: (inout SeededGenerator) -> R) -> R {
        generator.withLock { body(&$0) }
    }
}

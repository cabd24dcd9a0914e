/// A random generator shared by reference, so a checkpoint can read and restore the state of a
/// layer's generator (a dropout mask stream) by path.
///
/// ```swift
/// let source = RandomSource(seed: 7)
/// let u = source.generator.nextUniform()
/// ```
public final class RandomSource {
    /// The generator's current state.
    ///
    /// ```swift
    /// let source = RandomSource(seed: 0)
    /// let start = source.generator
    /// let u = source.generator.nextUniform()
    /// source.generator = start   // the next draw is u again
    /// ```
    public var generator: SeededGenerator

    /// A generator seeded with `seed`.
    ///
    /// ```swift
    /// let masks = RandomSource(seed: 42)
    /// ```
    public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
}

extension RandomSource: @unchecked Sendable {}

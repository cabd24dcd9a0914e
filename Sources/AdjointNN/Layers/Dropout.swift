/// Inverted dropout: in training, zero each element with some probability and scale the rest
/// so the expected value is unchanged; in evaluation, the identity.
///
/// Two conventions are in use: a drop probability `p` (the default, as
/// PyTorch: mask = `(u >= p) / (1 - p)`) and a keep probability `q` (mask = `(u < q) / q`).
/// `u` is drawn uniformly in `[0, 1)` per element, in row-major order, from the layer's own
/// seeded generator, so masks are reproducible.
///
/// ```swift
/// let drop = Dropout<Float>(probability: 0.5, seed: 1)       // drops half
/// let keep = Dropout<Float>(keepProbability: 0.75, seed: 1)  // keeps three quarters
/// ```
public final class Dropout<Scalar: TensorScalar>: Module<Scalar> {
    /// The probability of zeroing an element.
    public let dropProbability: Double
    /// The keep probability `q` of a layer built with that convention, whose mask `(u < q) / q`
    /// differs from the drop convention's `(u >= 1 - q) / q` for the same draws; nil otherwise.
    public private(set) var keepProbability: Double?
    /// The generator the masks are drawn from; part of a checkpoint's state.
    ///
    /// ```swift
    /// let drop = Dropout<Float>(probability: 0.5)
    /// let start = drop.random.generator
    /// drop.random.generator = start   // the same masks again
    /// ```
    public let random: RandomSource

    /// Dropout with drop probability `probability` in `[0, 1)`.
    ///
    /// ```swift
    /// let drop = Dropout<Float>(probability: 0.1, seed: 7)
    /// ```
    public init(probability: Double, seed: UInt64 = 0) {
        check(probability >= 0 && probability < 1, "Dropout: drop probability must be in [0, 1), got \(probability)")
        dropProbability = probability
        random = RandomSource(seed: seed)
        super.init()
    }

    /// Dropout with keep probability `keepProbability` in `[0, 1]`; 0 and 1 both mean no
    /// dropout, as code written with this convention expects.
    ///
    /// ```swift
    /// let keep = Dropout<Float>(keepProbability: 0.85, seed: 7)
    /// ```
    public convenience init(keepProbability: Double, seed: UInt64 = 0) {
        check(keepProbability >= 0 && keepProbability <= 1, "Dropout: keep probability must be in [0, 1], got \(keepProbability)")
        self.init(probability: keepProbability == 0 ? 0 : 1 - keepProbability, seed: seed)
        if dropProbability > 0 { self.keepProbability = keepProbability }
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        guard isTraining && dropProbability > 0 else { return x }
        // One fused node (outside `Fusion.with(false)`), with the composition's draws and bits.
        if let q = keepProbability { return x.dropout(keepProbability: q, using: &random.generator) }
        return x.dropout(probability: dropProbability, using: &random.generator)
    }
}

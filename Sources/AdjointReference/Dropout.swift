// Inverted dropout: the mask is scaled at train time so that test time is the identity.

extension Reference {
    /// The strength of dropout, in either of the assignments' two conventions.
    ///
    /// - `.drop(p)`: each activation is zeroed with probability `p`; mask `(u >= p) / (1 - p)`.
    ///   The framework's default convention (as PyTorch and two of the assignments).
    /// - `.keep(q)`: each activation is kept with probability `q`; mask `(u < q) / q` (the
    ///   CS231n-derived assignments call this `p`).
    ///
    /// `.drop(0)`, `.keep(1)` and `.keep(0)` all mean no dropout (the assignments treat a keep
    /// probability of 0 as "off" rather than "drop everything").
    ///
    /// ```swift
    /// let a = Reference.DropoutProbability<Double>.drop(0.25)   // zeroes about a quarter
    /// let b = Reference.DropoutProbability<Double>.keep(0.75)   // same rate, other units:
    /// // a keeps u >= 0.25, b keeps u < 0.75, so the same draws give different masks.
    /// ```
    public enum DropoutProbability<S: TensorScalar>: Sendable, Equatable {
        case drop(S)
        case keep(S)

        /// Whether this drops anything at train time.
        ///
        /// ```swift
        /// Reference.DropoutProbability<Double>.keep(1).isActive   // false
        /// ```
        public var isActive: Bool {
            switch self {
            case .drop(let p): p > 0
            case .keep(let q): q > 0 && q < 1
            }
        }

        /// The scaled mask for `u ~ U[0, 1)` of the layer's shape.
        func mask(_ u: Tensor<S>) -> Tensor<S> {
            switch self {
            case .drop(let p): (u .>= Tensor(p)) / (1 - p)
            case .keep(let q): (u .< Tensor(q)) / q
            }
        }

        func validate() {
            switch self {
            case .drop(let p): precondition(p >= 0 && p < 1, "dropout: drop probability \(p) is outside [0, 1)")
            case .keep(let q): precondition(q >= 0 && q <= 1, "dropout: keep probability \(q) is outside [0, 1]")
            }
        }
    }

    /// What `dropoutBackward` needs: the scaled mask, or nil when the forward was the identity.
    ///
    /// ```swift
    /// let (out, cache) = Reference.dropoutForward(x, .keep(0.5), mode: .train, using: &rng)
    /// let dx = Reference.dropoutBackward(dout, cache: cache)
    /// ```
    public struct DropoutCache<S: TensorScalar> {
        /// The scaled mask `x` was multiplied by; nil when the forward was the identity.
        public let mask: Tensor<S>?
    }

    /// Inverted dropout. In `.train` mode with an active probability it draws one
    /// `u ~ U[0, 1)` per element of `x`, in row-major order, from `rng` (via
    /// `Tensor.uniform(x.shape, using:)`) and returns `x * mask`. In `.test` mode, or when the
    /// probability means no dropout, it returns `x` and draws nothing.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 123)
    /// let (out, cache) = Reference.dropoutForward(x, .drop(0.25), mode: .train, using: &rng)
    /// ```
    public static func dropoutForward<S: TensorScalar>(_ x: Tensor<S>, _ probability: DropoutProbability<S>,
                                                       mode: Mode, using rng: inout SeededGenerator)
        -> (out: Tensor<S>, cache: DropoutCache<S>) {
        probability.validate()
        guard mode == .train && probability.isActive else { return (x, DropoutCache(mask: nil)) }
        let mask = probability.mask(Tensor<S>.uniform(x.shape, using: &rng))
        return (x * mask, DropoutCache(mask: mask))
    }

    /// `dx = dout * mask` after a masking forward; `dx = dout` after an identity forward.
    ///
    /// ```swift
    /// let (out, cache) = Reference.dropoutForward(x, .drop(0.5), mode: .train, using: &rng)
    /// let dx = Reference.dropoutBackward(dout, cache: cache)
    /// ```
    public static func dropoutBackward<S: TensorScalar>(_ dout: Tensor<S>, cache: DropoutCache<S>) -> Tensor<S> {
        cache.mask.map { dout * $0 } ?? dout
    }
}

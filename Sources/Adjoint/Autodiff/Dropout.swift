// Inverted dropout as one fused node: the mask drawn, thresholded and scaled and the input
// multiplied by it in one pass, where the composition makes four (the draws, the comparison,
// the scale, the product). Its values and gradients are the composition's bits, so runs keep
// their arithmetic with fusion on or off.

extension Variable {
    /// Inverted dropout with drop probability `p`: `self * mask`, `mask = (u >= p) / (1 - p)`
    /// for `u ~ U[0, 1)` drawn from `rng` in row-major order. One fused node (`dropout`; inside
    /// `Fusion.with(false)`, `self * dropoutMask(...)`), with the same draws and the same bits.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 1)
    /// let x = Variable(Tensor<Float>.ones([4, 3]))
    /// let y = x.dropout(probability: 0.5, using: &rng)   // each element 0 or 2
    /// ```
    public func dropout(probability p: Double, using rng: inout SeededGenerator, file: StaticString = #fileID,
                        line: UInt = #line) -> Variable {
        check(p >= 0 && p < 1, "dropout: drop probability must be in [0, 1), got \(p)")
        guard Fusion.isEnabled else { return self * dropoutMask(shape, dropProbability: p, using: &rng) }
        return fusedDropout(threshold: Scalar(p), keepsBelow: false, scale: Scalar(1 / (1 - p)), using: &rng,
                            at: CodeLocation(fileID: file, line: line))
    }

    /// Inverted dropout with keep probability `q` in `(0, 1]`: `self * mask`,
    /// `mask = (u < q) / q`, as `dropout(probability:using:)` with the keep convention's mask
    /// (`keepMask`), fused the same way.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 1)
    /// let x = Variable(Tensor<Float>.ones([4, 3]))
    /// let y = x.dropout(keepProbability: 0.75, using: &rng)   // each element 0 or 4/3
    /// ```
    public func dropout(keepProbability q: Double, using rng: inout SeededGenerator, file: StaticString = #fileID,
                        line: UInt = #line) -> Variable {
        check(q > 0 && q <= 1, "dropout: keep probability must be in (0, 1], got \(q)")
        guard Fusion.isEnabled else { return self * keepMask(shape, keepProbability: q, using: &rng) }
        return fusedDropout(threshold: Scalar(q), keepsBelow: true, scale: Scalar(1 / q), using: &rng,
                            at: CodeLocation(fileID: file, line: line))
    }

    /// The fused node: the mask is its second input, a constant, as in the composition's
    /// product, so the memory report counts it and the pullback is the product's `g ⊙ mask`.
    /// Specialised here: called from generic code, the kernel ran generic, its draws through
    /// protocol witnesses.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func fusedDropout(threshold: Scalar, keepsBelow: Bool, scale: Scalar, using rng: inout SeededGenerator,
                              at call: CodeLocation) -> Variable {
        let mask = Tensor<Scalar>(uninitializedShape: shape), output = Tensor<Scalar>(uninitializedShape: shape)
        withElements([value, mask, output]) {
            dropoutForward($0[0], count: value.count, threshold: threshold, keepsBelow: keepsBelow, scale: scale,
                           using: &rng, mask: $0[1], $0[2])
        }
        return Variable.record(.dropout, output, self, Variable(constant: mask), reads: .second, at: call) { out, g in
            Gradients(out.inputs[0].needing(g * out.inputs[1]), nil)
        }
    }
}

/// The inverted-dropout mask `(u >= p) / (1 - p)` for `u ~ U[0, 1)` drawn in row-major order.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let mask: Tensor<Float> = dropoutMask([2, 3], dropProbability: 0.5, using: &rng)   // 0 or 2
/// ```
public func dropoutMask<S: TensorScalar>(_ shape: [Int], dropProbability p: Double,
                                         using rng: inout SeededGenerator) -> Tensor<S> {
    let u = Tensor<S>.uniform(shape, using: &rng)
    return (u .>= Tensor(S(p))) * S(1 / (1 - p))
}

/// The keep-convention mask `(u < q) / q` for `u ~ U[0, 1)` drawn in row-major order.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let mask: Tensor<Float> = keepMask([2, 3], keepProbability: 0.5, using: &rng)   // 0 or 2
/// ```
public func keepMask<S: TensorScalar>(_ shape: [Int], keepProbability q: Double,
                                      using rng: inout SeededGenerator) -> Tensor<S> {
    let u = Tensor<S>.uniform(shape, using: &rng)
    return (u .< Tensor(S(q))) * S(1 / q)
}

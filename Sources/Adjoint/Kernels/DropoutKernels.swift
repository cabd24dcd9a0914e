// Dropout's fused forward: the mask's uniform draws, its threshold and scale and the product
// with the input in one pass. The draws come one after another from one generator, so the pass
// is serial: splitting it would change which number each element gets.

/// `mask[i] = keep(u) ? scale : 0` and `out[i] = x[i] * mask[i]` for `u` drawn from `rng` in
/// order, with `keep(u)` `u < threshold` when `keepsBelow` (the keep convention) and
/// `u >= threshold` otherwise: the bits of the composition `x * ((u .>= p) * scale)`, whose
/// mask is `1 * scale` or `0 * scale` and whose `u` is `0 + 1 * u`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func dropoutForward<S: TensorScalar>(_ x: UnsafePointer<S>, count: Int, threshold: S, keepsBelow: Bool, scale: S,
                                     using rng: inout SeededGenerator, mask: UnsafeMutablePointer<S>,
                                     _ out: UnsafeMutablePointer<S>) {
    // One loop per convention, so that neither tests it per element.
    @inline(__always) func sweep(_ keeps: (S) -> Bool) {
        for i in 0..<count {
            let m: S = keeps(rng.nextUniform(S.self)) ? scale : 0
            mask[i] = m
            out[i] = x[i] * m
        }
    }
    if keepsBelow { sweep { $0 < threshold } } else { sweep { $0 >= threshold } }
}

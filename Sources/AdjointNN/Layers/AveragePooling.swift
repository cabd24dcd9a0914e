/// Average pooling of NHWC inputs over `pool x pool` windows moved by `stride` (no padding):
/// each output is its window's mean per channel, and the gradient is shared equally over the
/// window. Composed from the windows (`patches`) and a mean, so both come from the primitives.
///
/// ```swift
/// let pool = AvgPool2D<Float>(pool: 2, stride: 2)   // (N, 28, 28, C) -> (N, 14, 14, C)
/// ```
public final class AvgPool2D<Scalar: TensorScalar>: Pool2D<Scalar> {
    /// Pooling over `pool x pool` windows every `stride` rows and columns.
    public init(pool: Int, stride: Int) { super.init(pool: pool, stride: stride, name: "AvgPool2D") }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let g = PatchGeometry(input: x.shape, kernel: pool, stride: stride, padding: 0, op: "AvgPool2D")
        // Patch rows are (ky, kx, c), so the window's positions are the middle axis of the reshape.
        return x.patches(g).reshaped([-1, pool * pool, g.channels]).mean(alongAxes: [1])
            .reshaped([g.batch, g.outHeight, g.outWidth, g.channels])
    }
}

/// The mean over all positions of NHWC maps, `(N, H, W, C)` to `(N, C)`: the head of a
/// convolutional network before its last `Linear`.
///
/// ```swift
/// let head = Sequential<Float>([GlobalAveragePooling(), Linear(256, 10)])   // (N, 8, 8, 256) -> (N, 10)
/// ```
public final class GlobalAveragePooling<Scalar: TensorScalar>: Module<Scalar> {
    override public init() { super.init() }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        check(x.shape.count == 4, "GlobalAveragePooling: input must be NHWC (4 axes), got shape \(describe(x.shape))")
        return x.mean(alongAxes: [1, 2])
    }
}

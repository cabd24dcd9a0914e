/// Max pooling over `pool x pool` windows moved by `stride` (no padding). The gradient goes
/// to each window's maximum; when several elements tie, the first in row-major window order.
///
/// ```swift
/// let pool = MaxPool2D<Float>(pool: 2, stride: 2)   // (N, 28, 28, C) -> (N, 14, 14, C)
/// ```
public final class MaxPool2D<Scalar: TensorScalar>: Pool2D<Scalar> {
    /// Pooling over `pool x pool` windows every `stride` rows and columns.
    public init(pool: Int, stride: Int) { super.init(pool: pool, stride: stride, name: "MaxPool2D") }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { x.maxPool2d(pool: pool, stride: stride) }
}

/// Max pooling over `pool x pool` windows moved by `stride` (no padding). The gradient goes
/// to each window's maximum; when several elements tie, the first in row-major window order.
///
/// ```swift
/// let pool = MaxPool2D<Float>(pool: 2, stride: 2)   // (N, 28, 28, C) -> (N, 14, 14, C)
/// ```
public final class MaxPool2D<Scalar: TensorScalar>: Module<Scalar> {
    /// The side of the square window.
    ///
    /// ```swift
    /// print(MaxPool2D<Float>(pool: 2, stride: 2).pool)   // 2
    /// ```
    public let pool: Int
    /// Rows and columns the window moves per output position.
    ///
    /// ```swift
    /// print(MaxPool2D<Float>(pool: 3, stride: 2).stride)   // 2
    /// ```
    public let stride: Int

    /// Pooling over `pool x pool` windows every `stride` rows and columns.
    ///
    /// ```swift
    /// let pool = MaxPool2D<Float>(pool: 3, stride: 2)
    /// ```
    public init(pool: Int, stride: Int) {
        check(pool > 0 && stride > 0, "MaxPool2D: pool and stride must be positive, got pool \(pool), stride \(stride)")
        self.pool = pool
        self.stride = stride
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { x.maxPool2d(pool: pool, stride: stride) }
}

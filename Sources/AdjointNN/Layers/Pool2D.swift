/// What max and average pooling share: a square `pool x pool` window moved by `stride` over
/// NHWC inputs (no padding). Use ``MaxPool2D`` or ``AvgPool2D``.
///
/// ```swift
/// let pools: [Pool2D<Float>] = [MaxPool2D(pool: 2, stride: 2), AvgPool2D(pool: 2, stride: 2)]
/// ```
public class Pool2D<Scalar: TensorScalar>: Module<Scalar> {
    /// The side of the square window.
    public let pool: Int
    /// Rows and columns the window moves per output position.
    public let stride: Int

    init(pool: Int, stride: Int, name: String) {
        check(pool > 0 && stride > 0, "\(name): pool and stride must be positive, got pool \(pool), stride \(stride)")
        self.pool = pool
        self.stride = stride
        super.init()
    }
}

/// A residual connection: `x + block(x)`. The block must keep its input's shape; its parts are
/// named `block.<path>`.
///
/// ```swift
/// let unit = Residual<Float>(Sequential([Linear(256, 256), ReLU(), Linear(256, 256)]))
/// print(unit.namedParameters.map(\.path))   // ["block.layers.0.weight", "block.layers.0.bias", ...]
/// ```
public final class Residual<Scalar: TensorScalar>: Module<Scalar> {
    /// The residual branch.
    public let block: Module<Scalar>

    /// `x + block(x)`.
    ///
    /// ```swift
    /// let unit = Residual<Float>(Sequential([Conv2D(inChannels: 64, outChannels: 64, kernel: 3, padding: 1), ReLU()]))
    /// ```
    public init(_ block: Module<Scalar>) {
        self.block = block
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let y = block(x)
        // Broadcasting would add a differently shaped branch without a word.
        check(y.shape == x.shape, "Residual: the block maps shape \(describe(x.shape)) to \(describe(y.shape)); x + block(x) needs the same shape")
        return x + y
    }
}

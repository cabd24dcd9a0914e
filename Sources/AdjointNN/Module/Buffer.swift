/// State a module keeps and saves but does not train, such as batch norm's running statistics.
///
/// A reference, so a checkpoint can read and restore it by path like a parameter.
///
/// ```swift
/// final class Counter: Module<Float> {
///     let seen = Buffer<Float>(.zeros([1]))
/// }
/// print(Counter().namedBuffers.map(\.path))   // ["seen"]
/// ```
public final class Buffer<Scalar: TensorScalar> {
    /// The current value.
    public var value: Tensor<Scalar>

    /// A buffer holding `value`.
    ///
    /// ```swift
    /// let runningMean = Buffer<Float>(.zeros([500]))
    /// ```
    public init(_ value: Tensor<Scalar>) { self.value = value }
}

extension Buffer: @unchecked Sendable {}

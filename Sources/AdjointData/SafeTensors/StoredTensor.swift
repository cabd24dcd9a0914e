/// A tensor of either scalar type, as a checkpoint holds it.
///
/// A checkpoint can mix `F32` and `F64` tensors, so reading one yields this enum; a model that
/// knows its scalar type asks for it with ``SafeTensorsFile/tensor(named:as:shape:)``.
///
/// ```swift
/// let stored = StoredTensor(Tensor<Float>.zeros([2, 3]))
/// print(stored.dtype, stored.shape)   // F32 [2, 3]
/// if case .float(let w) = stored { print(w.sum()) }
/// ```
public enum StoredTensor: Equatable, Sendable {
    case float(Tensor<Float>)
    case double(Tensor<Double>)

    /// Wraps a tensor of either scalar type.
    ///
    /// ```swift
    /// func save<S: TensorScalar>(_ w: Tensor<S>) -> StoredTensor { StoredTensor(w) }
    /// ```
    public init<S: TensorScalar>(_ tensor: Tensor<S>) {
        if let t = tensor as? Tensor<Float> {
            self = .float(t)
        } else if let t = tensor as? Tensor<Double> {
            self = .double(t)
        } else {
            fatalError("StoredTensor: \(S.self) (dtype \(S.dtypeName)) has no safetensors encoding")
        }
    }

    /// The safetensors dtype: `"F32"` or `"F64"`.
    ///
    /// ```swift
    /// StoredTensor(Tensor<Double>(1)).dtype   // "F64"
    /// ```
    public var dtype: String {
        switch self {
        case .float: Float.dtypeName
        case .double: Double.dtypeName
        }
    }

    /// The tensor's shape.
    ///
    /// ```swift
    /// StoredTensor(Tensor<Float>.ones([4])).shape   // [4]
    /// ```
    public var shape: [Int] {
        switch self {
        case .float(let t): t.shape
        case .double(let t): t.shape
        }
    }

    /// The tensor when its scalar type is `S`, else nil (no conversion).
    ///
    /// ```swift
    /// let w: Tensor<Float>? = file["fc1_w"]?.tensor(as: Float.self)
    /// ```
    public func tensor<S: TensorScalar>(as type: S.Type = S.self) -> Tensor<S>? {
        switch self {
        case .float(let t): t as? Tensor<S>
        case .double(let t): t as? Tensor<S>
        }
    }

    /// The number of bytes an element of `dtype` takes, or nil for a dtype Adjoint cannot hold.
    static func elementSize(ofDType dtype: String) -> Int? {
        switch dtype {
        case Float.dtypeName: MemoryLayout<Float>.size
        case Double.dtypeName: MemoryLayout<Double>.size
        default: nil
        }
    }
}

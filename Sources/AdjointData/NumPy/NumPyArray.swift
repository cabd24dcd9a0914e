import Adjoint

/// An array read from or to be written to a `.npy` file: its shape (row-major, C order) and
/// its elements, kept in the widest Swift type of their kind.
///
/// Floats keep their width (`float32` as `Float`, `float64` as `Double`); every integer type
/// becomes `Int` (a `uint64` above `Int.max` is refused when read) and booleans `Bool`. The
/// typed accessors convert: ``tensor(as:)`` for features, ``indices()`` for labels and token
/// ids, ``bools()`` for masks.
///
/// ```swift
/// let array = NumPyArray(Tensor<Float>([1, 2, 3, 4], shape: [2, 2]))
/// let back = try array.tensor(as: Double.self)   // [[1, 2], [3, 4]] in Double
/// ```
public struct NumPyArray: Equatable, Sendable {
    /// The elements in row-major order.
    public enum Storage: Equatable, Sendable {
        case float([Float]), double([Double]), int([Int]), bool([Bool])
    }

    /// The size of each axis; `[]` for a single number.
    public let shape: [Int]
    /// The elements in row-major order.
    public let storage: Storage
    /// The file it was read from, which accessor errors name.
    public let source: String

    /// The elements `storage` in `shape`; stops with a message when their counts differ.
    public init(shape: [Int], storage: Storage, source: String = "<memory>") {
        let count = shape.reduce(1, *)
        if shape.contains(where: { $0 < 0 }) || count != storage.count {
            fatalError("NumPyArray: \(storage.count) elements for shape \(shape)")
        }
        (self.shape, self.storage, self.source) = (shape, storage, source)
    }

    /// The array of `tensor`'s elements: `float32` for `Float`, `float64` for `Double` (and
    /// for any other scalar type, converted).
    public init<Scalar: TensorScalar>(_ tensor: Tensor<Scalar>) {
        let storage: Storage = if let values = tensor.scalars as? [Float] { .float(values) }
            else if let values = tensor.scalars as? [Double] { .double(values) }
            else { .double(tensor.scalars.map(Double.init)) }
        self.init(shape: tensor.shape, storage: storage)
    }

    /// An `int64` array of `values` in `shape`, such as labels.
    public init(indices values: [Int], shape: [Int]) {
        self.init(shape: shape, storage: .int(values))
    }

    /// A `bool` array of `values` in `shape`, such as a mask.
    public init(bools values: [Bool], shape: [Int]) {
        self.init(shape: shape, storage: .bool(values))
    }

    /// The number of elements.
    public var count: Int { storage.count }

    /// What it holds, as NumPy names it: `float32`, `float64`, `int64` or `bool`.
    public var dtypeName: String {
        switch storage {
        case .float: "float32"
        case .double: "float64"
        case .int: "int64"
        case .bool: "bool"
        }
    }

    /// Equal shapes and elements; where they were read from does not matter.
    public static func == (a: NumPyArray, b: NumPyArray) -> Bool { a.shape == b.shape && a.storage == b.storage }
}

extension NumPyArray.Storage {
    /// The number of elements.
    public var count: Int {
        switch self {
        case .float(let values): values.count
        case .double(let values): values.count
        case .int(let values): values.count
        case .bool(let values): values.count
        }
    }
}

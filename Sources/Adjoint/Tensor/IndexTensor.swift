/// Integers with a shape: token ids for `Embedding`, class targets for the losses.
///
/// A value, like `Tensor`, kept apart from it so an id is never a float rounded to an index
/// and a float tensor is never passed where ids are meant. Elements are in row-major order.
///
/// ```swift
/// let ids = IndexTensor([[5, 2, 9], [7, 1, 0]])     // shape [2, 3]
/// let first = ids[1, 0]                               // 7
/// let flat = ids.reshaped([-1])                       // shape [6]
/// ```
public struct IndexTensor: Equatable, Hashable, Sendable {
    /// The size of each axis.
    ///
    /// ```swift
    /// let shape = IndexTensor([[1, 2, 3], [4, 5, 6]]).shape   // [2, 3]
    /// ```
    public let shape: [Int]
    /// The elements in row-major order.
    ///
    /// ```swift
    /// let all = IndexTensor([[1, 2], [3, 4]]).scalars   // [1, 2, 3, 4]
    /// ```
    public let scalars: [Int]

    /// `scalars` in `shape`; their counts must agree.
    ///
    /// ```swift
    /// let ids = IndexTensor([3, 1, 4, 1, 5, 9], shape: [2, 3])
    /// ```
    public init(_ scalars: [Int], shape: [Int]) {
        check(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == scalars.count,
              "IndexTensor: \(scalars.count) values do not fill shape \(describe(shape))")
        self.shape = shape
        self.scalars = scalars
    }

    /// A vector, shape `[scalars.count]`.
    ///
    /// ```swift
    /// let targets = IndexTensor([3, 0, 7])   // shape [3]
    /// ```
    public init(_ scalars: [Int]) { self.init(scalars, shape: [scalars.count]) }

    /// A matrix from rows of equal length, shape `[rows.count, length]`.
    ///
    /// ```swift
    /// let tokens = IndexTensor([[5, 2, 9], [7, 1, 0]])   // shape [2, 3]
    /// ```
    public init(_ rows: [[Int]]) {
        let length = rows.first?.count ?? 0
        check(rows.allSatisfy { $0.count == length },
              "IndexTensor: rows of lengths \(Set(rows.map(\.count)).sorted()) differ")
        self.init(rows.flatMap { $0 }, shape: [rows.count, length])
    }

    /// The number of elements.
    ///
    /// ```swift
    /// let n = IndexTensor([[1, 2], [3, 4]]).count   // 4
    /// ```
    public var count: Int { scalars.count }

    /// The number of axes.
    ///
    /// ```swift
    /// let r = IndexTensor([[1, 2], [3, 4]]).rank   // 2
    /// ```
    public var rank: Int { shape.count }

    /// The element at one coordinate per axis (negative counts from the end).
    ///
    /// ```swift
    /// let id = IndexTensor([[5, 2], [7, 1]])[1, -1]   // 1
    /// ```
    public subscript(index: Int...) -> Int {
        check(index.count == rank, "IndexTensor subscript: \(index.count) coordinates for shape \(describe(shape))")
        var offset = 0
        for (axis, coordinate) in index.enumerated() {
            let c = coordinate < 0 ? coordinate + shape[axis] : coordinate
            check(c >= 0 && c < shape[axis], "IndexTensor subscript: index \(index) out of range for shape \(describe(shape))")
            offset = offset * shape[axis] + c
        }
        return scalars[offset]
    }

    /// The same elements in a new shape; one size may be -1 and is then inferred.
    ///
    /// ```swift
    /// let flat = IndexTensor([[5, 2], [7, 1]]).reshaped([-1])   // shape [4]
    /// ```
    public func reshaped(_ newShape: [Int]) -> IndexTensor {
        IndexTensor(scalars, shape: resolvedShape(newShape, of: shape, count: count, operation: "IndexTensor reshape"))
    }
}

extension IndexTensor: CustomStringConvertible {
    /// The shape and the elements.
    ///
    /// ```swift
    /// print(IndexTensor([[5, 2], [7, 1]]))   // IndexTensor([2, 2], [5, 2, 7, 1])
    /// ```
    public var description: String { "IndexTensor(\(describe(shape)), \(scalars))" }
}

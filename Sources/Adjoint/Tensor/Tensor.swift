/// An n-dimensional array of `Float` or `Double` with contiguous row-major storage.
///
/// A tensor is a value: assigning it shares the storage, and the first write to a shared
/// storage copies it. Operations check shapes and stop with a message naming the operation and
/// the shapes when they do not fit.
///
/// ```swift
/// let a = Tensor<Float>([1, 2, 3, 4, 5, 6], shape: [2, 3])
/// let b = (a * 2 + 1).sum(alongAxes: [1])   // [5, 11] ... shape [2]
/// print(a.transposed())                     // shape [3, 2]
/// ```
public struct Tensor<Scalar: TensorScalar> {
    /// The size of each axis; `[]` for a scalar.
    public private(set) var shape: [Int]
    var storage: TensorStorage<Scalar>

    /// The number of elements (the product of the shape).
    public var count: Int { storage.count }
    /// The number of axes.
    public var rank: Int { shape.count }

    init(shape: [Int], storage: TensorStorage<Scalar>) {
        self.shape = shape
        self.storage = storage
    }

    /// An uninitialised tensor; every caller writes all elements before reading.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    init(uninitializedShape shape: [Int]) {
        self.shape = shape
        self.storage = TensorStorage.create(count: Tensor.elementCount(shape, op: "Tensor"))
    }

    /// A tensor with the given elements in row-major order.
    ///
    /// ```swift
    /// let a = Tensor<Float>([1, 2, 3, 4, 5, 6], shape: [2, 3])
    /// ```
    public init(_ scalars: [Scalar], shape: [Int]) {
        let count = Tensor.elementCount(shape, op: "Tensor(_:shape:)")
        check(scalars.count == count,
              "Tensor(_:shape:): \(scalars.count) scalars do not fill shape \(describe(shape)) (\(count) elements)")
        self.init(uninitializedShape: shape)
        storage.withUnsafeMutablePointerToElements { out in
            scalars.withUnsafeBufferPointer { out.initialize(from: $0.baseAddress!, count: count) }
        }
    }

    /// A one-dimensional tensor of the given elements.
    ///
    /// ```swift
    /// let v = Tensor<Double>([1, 2, 3])   // shape [3]
    /// ```
    public init(_ scalars: [Scalar]) { self.init(scalars, shape: [scalars.count]) }

    /// A scalar (rank-0) tensor.
    public init(_ scalar: Scalar) {
        self.init(uninitializedShape: [])
        storage.withUnsafeMutablePointerToElements { $0.initialize(to: scalar) }
    }

    /// A tensor of `shape` with every element `value`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public init(repeating value: Scalar, shape: [Int]) {
        self.init(uninitializedShape: shape)
        storage.withUnsafeMutablePointerToElements { $0.initialize(repeating: value, count: count) }
    }

    /// The product of `shape`; stops when it has a negative size or when its sizes other than
    /// 0 overflow `Int` when multiplied (strides multiply them even if another size is 0).
    static func elementCount(_ shape: [Int], op: String) -> Int {
        var product = 1
        for size in shape {
            check(size >= 0, "\(op): negative size in shape \(describe(shape))")
            let (next, overflow) = product.multipliedReportingOverflow(by: Swift.max(size, 1))
            check(!overflow, "\(op): the element count of shape \(describe(shape)) overflows Int")
            product = next
        }
        return shape.contains(0) ? 0 : product
    }

    /// The elements in row-major order.
    ///
    /// ```swift
    /// Tensor<Float>([[1, 2], [3, 4]]).scalars   // [1, 2, 3, 4]
    /// ```
    public var scalars: [Scalar] {
        withUnsafeBufferPointer { Array($0) }
    }

    /// The only element of a one-element tensor.
    ///
    /// ```swift
    /// let loss = (predictions - targets).squared().mean().scalar
    /// ```
    public var scalar: Scalar {
        check(count == 1, "scalar: tensor of shape \(describe(shape)) has \(count) elements, not 1")
        return storage.withUnsafeMutablePointerToElements { $0[0] }
    }

    /// Reads the elements without copying.
    ///
    /// ```swift
    /// let total = x.withUnsafeBufferPointer { $0.reduce(0, +) }
    /// ```
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutablePointerToElements { try body(UnsafeBufferPointer(start: $0, count: count)) }
    }

    /// Writes the elements in place, copying the storage first if another tensor shares it.
    ///
    /// ```swift
    /// var x = Tensor<Float>.zeros([4])
    /// x.withUnsafeMutableBufferPointer { $0[3] = 1 }   // [0, 0, 0, 1]
    /// ```
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return try storage.withUnsafeMutablePointerToElements {
            try body(UnsafeMutableBufferPointer(start: $0, count: count))
        }
    }

    /// The element at a full index, one coordinate per axis (negative coordinates count from the end).
    ///
    /// ```swift
    /// var m = Tensor<Float>.zeros([2, 3])
    /// m[1, 2] = 5
    /// let last = m[-1, -1]   // 5
    /// ```
    public subscript(index: Int...) -> Scalar {
        get { storage.withUnsafeMutablePointerToElements { $0[offset(of: index)] } }
        set {
            let offset = offset(of: index)
            withUnsafeMutableBufferPointer { $0[offset] = newValue }
        }
    }

    func offset(of index: [Int]) -> Int {
        check(index.count == rank, "subscript: \(index.count) coordinates for a tensor of shape \(describe(shape))")
        var offset = 0
        for (axis, coordinate) in index.enumerated() {
            let c = coordinate < 0 ? coordinate + shape[axis] : coordinate
            check(c >= 0 && c < shape[axis],
                  "subscript: index \(index) out of range for shape \(describe(shape))")
            offset = offset * shape[axis] + c
        }
        return offset
    }
}

extension Tensor: @unchecked Sendable {}

extension Tensor: Equatable {
    /// Equal when the shapes and every element are equal.
    ///
    /// ```swift
    /// Tensor<Float>([1, 2, 3, 4], shape: [2, 2]) == Tensor<Float>([1, 2, 3, 4], shape: [4])   // false
    /// ```
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && (lhs.storage === rhs.storage || lhs.scalars == rhs.scalars)
    }
}

// Tensors made from nothing: constants, ranges and random samples.

extension Tensor {
    /// A tensor of `shape` filled with 0.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
    /// A tensor of `shape` filled with 1.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }
    /// A tensor of `shape` with every element `value`.
    public static func filled(_ shape: [Int], with value: Scalar) -> Tensor { Tensor(repeating: value, shape: shape) }

    /// `count` evenly spaced values from `start` to `end` inclusive, as NumPy's `linspace`.
    ///
    /// ```swift
    /// Tensor<Double>(linspace: 0, 1, count: 5)   // [0, 0.25, 0.5, 0.75, 1]
    /// ```
    public init(linspace start: Scalar, _ end: Scalar, count: Int) {
        check(count >= 0, "linspace: negative count \(count)")
        let step = count > 1 ? (Double(end) - Double(start)) / Double(count - 1) : 0
        self.init((0..<count).map { i in i == count - 1 && count > 1 ? end : Scalar(Double(start) + Double(i) * step) })
    }

    /// Values `start, start + step, ...` below `end`, as NumPy's `arange`.
    ///
    /// ```swift
    /// Tensor<Float>(arange: 0, 5)                // [0, 1, 2, 3, 4]
    /// Tensor<Double>(arange: 1, 2, step: 0.25)   // [1, 1.25, 1.5, 1.75]
    /// ```
    public init(arange start: Scalar, _ end: Scalar, step: Scalar = 1) {
        check(step != 0, "arange: step is 0")
        let count = Swift.max(0, Int(((Double(end) - Double(start)) / Double(step)).rounded(.up)))
        self.init((0..<count).map { Scalar(Double(start) + Double($0) * Double(step)) })
    }

    /// Samples from `N(mean, std^2)`.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 42)
    /// let w = Tensor<Float>.randn([784, 128], std: 0.05, using: &rng)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func randn(_ shape: [Int], mean: Scalar = 0, std: Scalar = 1,
                             using rng: inout SeededGenerator) -> Tensor {
        let n = elementCount(shape, op: "randn")
        return Tensor((0..<n).map { _ in mean + std * Scalar(rng.nextNormal()) }, shape: shape)
    }

    /// Samples from the uniform distribution on `[low, high)`.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 42)
    /// let u = Tensor<Float>.uniform([3, 4], low: -1, high: 1, using: &rng)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func uniform(_ shape: [Int], low: Scalar = 0, high: Scalar = 1,
                               using rng: inout SeededGenerator) -> Tensor {
        // Written in place: through an array, the copy into the tensor was a second pass (a
        // dropout layer draws one of these per step).
        _ = elementCount(shape, op: "uniform")
        var result = Tensor(uninitializedShape: shape)
        let width = high - low
        result.withUnsafeMutableBufferPointer { out in
            for i in out.indices { out[i] = low + width * rng.nextUniform(Scalar.self) }
        }
        return result
    }
}

extension Tensor {
    /// A matrix from rows of equal length.
    ///
    /// ```swift
    /// let w = Tensor<Float>([[1, 2, 3], [4, 5, 6]])   // shape [2, 3]
    /// ```
    public init(_ rows: [[Scalar]]) {
        let width = rows.first?.count ?? 0
        check(rows.allSatisfy { $0.count == width },
              "Tensor: rows of a nested array differ in length (\(rows.map(\.count)))")
        self.init(rows.flatMap { $0 }, shape: [rows.count, width])
    }

    /// A rank-3 tensor from nested arrays of equal lengths.
    ///
    /// ```swift
    /// let t = Tensor<Double>([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])   // shape [2, 2, 2]
    /// ```
    public init(_ planes: [[[Scalar]]]) {
        let parts = planes.map { Tensor($0) }
        let shape = parts.first?.shape ?? [0, 0]
        check(parts.allSatisfy { $0.shape == shape }, "Tensor: the parts of a nested array differ in shape (\(parts.map(\.shape)))")
        self.init(parts.flatMap(\.scalars), shape: [planes.count] + shape)
    }

    /// A rank-4 tensor (an NHWC batch, a convolution's weights) from nested arrays of equal lengths.
    ///
    /// ```swift
    /// let image = Tensor<Float>([[[[0], [1]], [[1], [0]]]])   // shape [1, 2, 2, 1]
    /// ```
    public init(_ blocks: [[[[Scalar]]]]) {
        let parts = blocks.map { Tensor($0) }
        let shape = parts.first?.shape ?? [0, 0, 0]
        check(parts.allSatisfy { $0.shape == shape }, "Tensor: the parts of a nested array differ in shape (\(parts.map(\.shape)))")
        self.init(parts.flatMap(\.scalars), shape: [blocks.count] + shape)
    }

    /// The same values converted to another scalar type (rounded to the nearest when narrower).
    ///
    /// ```swift
    /// let x = Tensor<Double>(Tensor<Float>([1.5, 2]))
    /// ```
    public init<Other: TensorScalar>(_ other: Tensor<Other>) {
        if let same = other as? Tensor<Scalar> {
            self = same
        } else {
            self.init(other.scalars.map { Scalar($0) }, shape: other.shape)
        }
    }
}

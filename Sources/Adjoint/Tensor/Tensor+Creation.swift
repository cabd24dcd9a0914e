// Tensors made from nothing: constants, ranges and random samples.

extension Tensor {
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }
    public static func filled(_ shape: [Int], with value: Scalar) -> Tensor { Tensor(repeating: value, shape: shape) }

    /// `count` evenly spaced values from `start` to `end` inclusive, as NumPy's `linspace`.
    public init(linspace start: Scalar, _ end: Scalar, count: Int) {
        check(count >= 0, "linspace: negative count \(count)")
        let step = count > 1 ? (Double(end) - Double(start)) / Double(count - 1) : 0
        self.init((0..<count).map { i in i == count - 1 && count > 1 ? end : Scalar(Double(start) + Double(i) * step) })
    }

    /// Values `start, start + step, ...` below `end`, as NumPy's `arange`.
    public init(arange start: Scalar, _ end: Scalar, step: Scalar = 1) {
        check(step != 0, "arange: step is 0")
        let count = Swift.max(0, Int(((Double(end) - Double(start)) / Double(step)).rounded(.up)))
        self.init((0..<count).map { Scalar(Double(start) + Double($0) * Double(step)) })
    }

    /// Samples from `N(mean, std^2)`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func randn(_ shape: [Int], mean: Scalar = 0, std: Scalar = 1,
                             using rng: inout SeededGenerator) -> Tensor {
        let n = elementCount(shape, op: "randn")
        return Tensor((0..<n).map { _ in mean + std * Scalar(rng.nextNormal()) }, shape: shape)
    }

    /// Samples from the uniform distribution on `[low, high)`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func uniform(_ shape: [Int], low: Scalar = 0, high: Scalar = 1,
                               using rng: inout SeededGenerator) -> Tensor {
        let n = elementCount(shape, op: "uniform")
        return Tensor((0..<n).map { _ in low + (high - low) * rng.nextUniform(Scalar.self) }, shape: shape)
    }
}

// Elementwise arithmetic with NumPy broadcasting, comparisons to 0/1 masks, and math functions.

extension Tensor {
    /// `self op other` with broadcasting; `name` is the operation's name in error messages.
    ///
    /// ```swift
    /// let m = a.elementwise(.maximum, b, name: "maximum")   // (2, 3) with (3,) -> (2, 3)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func elementwise(_ op: BinaryOp, _ other: Tensor, name: String) -> Tensor {
        guard let outShape = broadcastShape(shape, other.shape) else {
            fatalError("\(name): shapes \(describe(shape)) and \(describe(other.shape)) do not broadcast")
        }
        let result = Tensor(uninitializedShape: outShape)
        let layout = BroadcastLayout(a: shape, b: other.shape, out: outShape)
        withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutablePointerToElements { out in
                    Scalar._binary(op, a.baseAddress!, b.baseAddress!, out, layout)
                }
            }
        }
        return result
    }

    /// `op(self)` elementwise.
    ///
    /// ```swift
    /// let relu = x.map(.maximum, parameter: 0)
    /// let e = x.map(.exp)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func map(_ op: UnaryOp, parameter: Scalar = 0) -> Tensor {
        // Same shape, so the element count needs no new shape check.
        let result = Tensor(shape: shape, storage: .create(count: count))
        withUnsafeBufferPointer { x in
            result.storage.withUnsafeMutablePointerToElements { out in
                // In chunks on all cores when large, as the binary operations.
                inChunks(count, unit: elementwiseChunk) { r in
                    Scalar._unary(op, x.baseAddress! + r.lowerBound, out + r.lowerBound, count: r.count, parameter: parameter)
                }
            }
        }
        return result
    }

    /// The elementwise sum, with NumPy broadcasting.
    ///
    /// ```swift
    /// let y = x.matmul(w) + b   // (N, M) + (M,) -> (N, M)
    /// ```
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.add, rhs, name: "add") }
    /// The elementwise difference, with NumPy broadcasting.
    ///
    /// ```swift
    /// let centered = x - x.mean(alongAxes: [0])   // (N, D) - (D,) -> (N, D)
    /// ```
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.subtract, rhs, name: "subtract") }
    /// The elementwise product, with NumPy broadcasting.
    ///
    /// ```swift
    /// let scaled = x * a   // (N, D) * (D,) -> (N, D)
    /// ```
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.multiply, rhs, name: "multiply") }
    /// The elementwise quotient, with NumPy broadcasting.
    ///
    /// ```swift
    /// let e = x.exp()
    /// let probabilities = e / e.sum(alongAxes: [1], keepingDimensions: true)   // (N, K) / (N, 1)
    /// ```
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.divide, rhs, name: "divide") }
    /// Every element negated.
    public static prefix func - (x: Tensor) -> Tensor { x.map(.negate) }

    // A scalar operand is the kernel's parameter, not a one-element tensor: that was one more
    // allocation and a broadcast layout per call. Addition and multiplication commute exactly
    // in IEEE arithmetic, so `c + x` and `c * x` share `x + c`'s and `x * c`'s kernels.
    /// `rhs` added to every element.
    public static func + (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map(.add, parameter: rhs) }
    /// `rhs` subtracted from every element.
    public static func - (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map(.subtract, parameter: rhs) }
    /// Every element multiplied by `rhs`.
    public static func * (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map(.multiply, parameter: rhs) }
    /// Every element divided by `rhs`.
    ///
    /// ```swift
    /// let scaled = x / 255   // pixel values 0...255 to 0...1
    /// ```
    public static func / (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map(.divide, parameter: rhs) }
    /// `lhs` added to every element (the same kernel and bits as `rhs + lhs`).
    public static func + (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map(.add, parameter: lhs) }
    /// `lhs` minus each element.
    public static func - (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map(.subtractFrom, parameter: lhs) }
    /// Every element multiplied by `lhs` (the same kernel and bits as `rhs * lhs`).
    public static func * (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map(.multiply, parameter: lhs) }
    /// `lhs` divided by each element.
    public static func / (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map(.divideInto, parameter: lhs) }

    /// Replaces `lhs` with `lhs + rhs` (broadcasting).
    ///
    /// ```swift
    /// var total = Tensor<Float>.zeros([3])
    /// total += Tensor<Float>([1, 2, 3])
    /// ```
    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
    /// Replaces `lhs` with `lhs - rhs` (broadcasting).
    ///
    /// ```swift
    /// var weight = w
    /// weight -= dy * 0.01   // a plain gradient step
    /// ```
    public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
    /// Replaces `lhs` with `lhs * rhs` (broadcasting).
    public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }
    /// Replaces `lhs` with `lhs / rhs` (broadcasting).
    ///
    /// ```swift
    /// var p = x.exp()
    /// p /= p.sum(alongAxes: [1], keepingDimensions: true)   // rows sum to 1
    /// ```
    public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs / rhs }

    /// 1 where `lhs > rhs`, else 0 (broadcasting). Likewise `.>=`, `.<`, `.<=`, `.==`.
    ///
    /// ```swift
    /// Tensor<Float>([1, 2, 3]) .> Tensor<Float>([2])   // [0, 0, 1]
    /// ```
    public static func .> (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.greater, rhs, name: ".>") }
    /// 1 where `lhs >= rhs`, else 0 (broadcasting).
    ///
    /// ```swift
    /// Tensor<Float>([1, 2, 3]) .>= Tensor<Float>([2])   // [0, 1, 1]
    /// ```
    public static func .>= (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.greaterEqual, rhs, name: ".>=") }
    /// 1 where `lhs < rhs`, else 0 (broadcasting).
    ///
    /// ```swift
    /// Tensor<Float>([1, 2, 3]) .< Tensor<Float>([2])   // [1, 0, 0]
    /// ```
    public static func .< (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.less, rhs, name: ".<") }
    /// 1 where `lhs <= rhs`, else 0 (broadcasting).
    ///
    /// ```swift
    /// Tensor<Float>([1, 2, 3]) .<= Tensor<Float>([2])   // [1, 1, 0]
    /// ```
    public static func .<= (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.lessEqual, rhs, name: ".<=") }
    /// 1 where `lhs == rhs`, else 0 (broadcasting).
    ///
    /// ```swift
    /// let accuracy = (predictions .== targets).mean().scalar   // the share of equal elements
    /// ```
    public static func .== (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.equal, rhs, name: ".==") }
    /// 1 where an element is greater than `rhs`, else 0.
    ///
    /// ```swift
    /// let positive = (x .> 0).sum().scalar   // how many elements are above 0
    /// ```
    public static func .> (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map(.greaterThan, parameter: rhs) }

    /// `self * (mask .> threshold)` in one pass, without making the 0/1 mask (so with the same
    /// bits): `maximum`'s backward, and so ReLU's. Same shapes only.
    ///
    /// ```swift
    /// let dx = dy.masked(where: y, isGreaterThan: 0)   // ReLU's gradient, from its output y
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func masked(where mask: Tensor, isGreaterThan threshold: Scalar) -> Tensor {
        check(mask.shape == shape, "masked: shapes \(describe(shape)) and \(describe(mask.shape)) differ")
        let result = Tensor(uninitializedShape: shape)
        let n = count
        withUnsafeBufferPointer { x in
            mask.withUnsafeBufferPointer { m in
                result.storage.withUnsafeMutablePointerToElements { out in
                    inChunks(n, unit: elementwiseChunk) { r in
                        for i in r { out[i] = x[i] * (m[i] > threshold ? 1 : 0) }
                    }
                }
            }
        }
        return result
    }

    /// `e^x` per element (for `Float`, a vectorised approximation within a few ulp).
    public func exp() -> Tensor { map(.exp) }
    /// The natural logarithm per element.
    ///
    /// ```swift
    /// let nll = -(predictions.log() * targets).sum(alongAxes: [1])   // one-hot targets: (N, K) -> (N,)
    /// ```
    public func log() -> Tensor { map(.log) }
    /// The hyperbolic tangent per element (for `Float`, a vectorised approximation within a few ulp).
    ///
    /// ```swift
    /// let h = (x.matmul(w) + b).tanh()
    /// ```
    public func tanh() -> Tensor { map(.tanh) }
    /// The square root per element.
    ///
    /// ```swift
    /// let std = (x.variance(alongAxes: [0]) + 1e-5).sqrt()   // (N, D) -> (D,)
    /// ```
    public func sqrt() -> Tensor { map(.sqrt) }
    /// The absolute value per element.
    ///
    /// ```swift
    /// let l1 = (a - b).abs().sum().scalar
    /// ```
    public func abs() -> Tensor { map(.abs) }
    /// The sine per element (radians).
    ///
    /// ```swift
    /// let wave = Tensor<Double>(linspace: 0, 6.28, count: 100).sin()
    /// ```
    public func sin() -> Tensor { map(.sin) }
    /// The cosine per element (radians).
    ///
    /// ```swift
    /// let angles = x * 0.01
    /// let encoding = Tensor.concatenate([angles.sin(), angles.cos()], alongAxis: -1)
    /// ```
    public func cos() -> Tensor { map(.cos) }
    /// The error function per element, `2/sqrt(pi) * integral from 0 to x of e^(-t^2)`.
    ///
    /// ```swift
    /// let cdf = ((x / Float(2).squareRoot()).erf() + 1) * 0.5   // the standard normal CDF
    /// ```
    public func erf() -> Tensor { map(.erf) }
    /// `log(1 + e^x)` per element, finite for any finite `x` and exact in its tails.
    ///
    /// ```swift
    /// let positive = Tensor<Float>([-30, 0, 30]).softplus()   // [9.4e-14, 0.693, 30]
    /// ```
    public func softplus() -> Tensor { map(.softplus) }
    /// -1, 0 or 1 per element.
    ///
    /// ```swift
    /// Tensor<Float>([-2, 0, 3]).sign()   // [-1, 0, 1]
    /// ```
    public func sign() -> Tensor { map(.sign) }
    /// Each element times itself.
    ///
    /// ```swift
    /// let mse = (predictions - targets).squared().mean().scalar
    /// ```
    public func squared() -> Tensor { map(.square) }
    /// Each element raised to `exponent`.
    ///
    /// ```swift
    /// Tensor<Float>([1, 2, 3]).pow(3)   // [1, 8, 27]
    /// ```
    public func pow(_ exponent: Scalar) -> Tensor { map(.power, parameter: exponent) }
    /// Each element raised to the matching element of `exponent` (broadcasting).
    ///
    /// ```swift
    /// Tensor<Float>([2, 2, 2]).pow(Tensor<Float>([0, 1, 2]))   // [1, 2, 4]
    /// ```
    public func pow(_ exponent: Tensor) -> Tensor { elementwise(.power, exponent, name: "pow") }
    /// `max(self, value)` elementwise (ReLU is `maximum(0)`).
    ///
    /// ```swift
    /// let relu = x.maximum(0)
    /// ```
    public func maximum(_ value: Scalar) -> Tensor { map(.maximum, parameter: value) }
    /// `min(self, value)` elementwise.
    ///
    /// ```swift
    /// let clipped = x.maximum(-1).minimum(1)   // into [-1, 1]
    /// ```
    public func minimum(_ value: Scalar) -> Tensor { map(.minimum, parameter: value) }
    /// The larger of the two elements at each position (broadcasting).
    ///
    /// ```swift
    /// Tensor<Float>([1, 5, 3]).maximum(Tensor<Float>([4, 2, 3]))   // [4, 5, 3]
    /// ```
    public func maximum(_ other: Tensor) -> Tensor { elementwise(.maximum, other, name: "maximum") }
    /// The smaller of the two elements at each position (broadcasting).
    ///
    /// ```swift
    /// Tensor<Float>([1, 5, 3]).minimum(Tensor<Float>([4, 2, 3]))   // [1, 2, 3]
    /// ```
    public func minimum(_ other: Tensor) -> Tensor { elementwise(.minimum, other, name: "minimum") }
}

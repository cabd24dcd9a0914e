// Elementwise arithmetic with NumPy broadcasting, comparisons to 0/1 masks, and math functions.

extension Tensor {
    /// `self op other` with broadcasting; `name` is the operation's name in error messages.
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

    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.add, rhs, name: "add") }
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.subtract, rhs, name: "subtract") }
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.multiply, rhs, name: "multiply") }
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.divide, rhs, name: "divide") }
    public static prefix func - (x: Tensor) -> Tensor { x.map(.negate) }

    // A scalar operand is the kernel's parameter, not a one-element tensor: that was one more
    // allocation and a broadcast layout per call (with `NodeList` and the shared empty
    // storage, `bench tape` went from 307 to 222 million instructions, callgrind). Addition
    // and multiplication commute exactly in IEEE arithmetic, so `c + x` and `c * x` share
    // `x + c`'s and `x * c`'s kernels.
    public static func + (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map(.add, parameter: rhs) }
    public static func - (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map(.subtract, parameter: rhs) }
    public static func * (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map(.multiply, parameter: rhs) }
    public static func / (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map(.divide, parameter: rhs) }
    public static func + (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map(.add, parameter: lhs) }
    public static func - (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map(.subtractFrom, parameter: lhs) }
    public static func * (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map(.multiply, parameter: lhs) }
    public static func / (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map(.divideInto, parameter: lhs) }

    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
    public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
    public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }
    public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs / rhs }

    /// 1 where `lhs > rhs`, else 0 (broadcasting). Likewise `.>=`, `.<`, `.<=`, `.==`.
    public static func .> (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.greater, rhs, name: ".>") }
    public static func .>= (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.greaterEqual, rhs, name: ".>=") }
    public static func .< (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.less, rhs, name: ".<") }
    public static func .<= (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.lessEqual, rhs, name: ".<=") }
    public static func .== (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.elementwise(.equal, rhs, name: ".==") }
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

    public func exp() -> Tensor { map(.exp) }
    public func log() -> Tensor { map(.log) }
    public func tanh() -> Tensor { map(.tanh) }
    public func sqrt() -> Tensor { map(.sqrt) }
    public func abs() -> Tensor { map(.abs) }
    /// -1, 0 or 1 per element.
    public func sign() -> Tensor { map(.sign) }
    public func squared() -> Tensor { map(.square) }
    public func pow(_ exponent: Scalar) -> Tensor { map(.power, parameter: exponent) }
    public func pow(_ exponent: Tensor) -> Tensor { elementwise(.power, exponent, name: "pow") }
    /// `max(self, value)` elementwise (ReLU is `maximum(0)`).
    public func maximum(_ value: Scalar) -> Tensor { map(.maximum, parameter: value) }
    public func minimum(_ value: Scalar) -> Tensor { map(.minimum, parameter: value) }
    public func maximum(_ other: Tensor) -> Tensor { elementwise(.maximum, other, name: "maximum") }
    public func minimum(_ other: Tensor) -> Tensor { elementwise(.minimum, other, name: "minimum") }
}

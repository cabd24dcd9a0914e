/// The element types a ``Tensor`` can hold: `Float` and `Double`.
///
/// The protocol's underscored requirements are the engine's kernel table. Each conforming
/// type implements them with code specialised for that type, so generic tensor code pays one
/// dynamic call per operation, never one per element, even when called from another module.
///
/// ```swift
/// func norm<S: TensorScalar>(_ t: Tensor<S>) -> S { (t * t).sum().scalar.squareRoot() }
/// ```
public protocol TensorScalar: BinaryFloatingPoint, SIMDScalar, Sendable, LosslessStringConvertible, Codable
where RawSignificand: FixedWidthInteger {
    /// A short name used in messages and checkpoints: `"F32"` or `"F64"`.
    static var dtypeName: String { get }

    /// Elementwise `out = a op b` over a broadcast layout.
    static func _binary(_ op: BinaryOp, _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>,
                        _ out: UnsafeMutablePointer<Self>, _ layout: BroadcastLayout)
    /// Elementwise `out = op(x)`; `parameter` is the constant of `pow`, `maximum` and `minimum`.
    static func _unary(_ op: UnaryOp, _ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>,
                       count: Int, parameter: Self)
    /// `out[o, i] = reduce over r of x[o, r, i]` for a `(outer, length, inner)` view of `x`.
    static func _reduce(_ op: ReduceOp, _ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>,
                        outer: Int, length: Int, inner: Int)
    /// `C = op(A) op(B)` (or `C += ...` when `accumulate`), row-major; `op(A)` is `m x k`.
    static func _gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                      _ a: UnsafePointer<Self>, lda: Int, _ b: UnsafePointer<Self>, ldb: Int,
                      _ c: UnsafeMutablePointer<Self>, ldc: Int, accumulate: Bool)
    /// im2col: the windows of an NHWC input as rows `(N * outH * outW, k * k * C)`.
    static func _patches(_ geometry: PatchGeometry, _ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>)
    /// im2col into `patches` and its product with `w` (`patchSize x outChannels`) into
    /// `product`, a few images at a time while their patches are in cache.
    static func _patchesTimes(_ geometry: PatchGeometry, _ x: UnsafePointer<Self>, _ w: UnsafePointer<Self>, outChannels: Int,
                              patches: UnsafeMutablePointer<Self>, product: UnsafeMutablePointer<Self>)
    /// col2im: the adjoint of `_patches`, summing overlapping windows into the NHWC `out`.
    static func _foldPatches(_ geometry: PatchGeometry, _ cols: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>)
    /// Max pooling: each window's maximum and the flat input index it came from.
    static func _maxPool(_ geometry: PatchGeometry, _ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>,
                         argmax: UnsafeMutablePointer<Int>)
    /// `out[0..<size]` cleared, then `out[indices[i]] += values[i]` for `i < count`, in order.
    static func _scatterAdd(_ values: UnsafePointer<Self>, _ indices: UnsafePointer<Int>, count: Int,
                            _ out: UnsafeMutablePointer<Self>, size: Int)
}

/// Elementwise binary operations of the kernel table.
///
/// ```swift
/// let m = a.elementwise(.maximum, b, name: "maximum")
/// ```
public enum BinaryOp: Sendable {
    case add, subtract, multiply, divide, maximum, minimum, power
    /// Comparisons produce 1 where true and 0 where false.
    case greater, greaterEqual, less, lessEqual, equal
}

/// Elementwise unary operations of the kernel table.
///
/// ```swift
/// let r = x.map(.maximum, parameter: 0)   // ReLU
/// ```
public enum UnaryOp: Sendable {
    case negate, exp, log, tanh, sqrt, abs, sign, square
    /// `sin x`, `cos x` and the error function `erf x`.
    case sin, cos, erf
    /// `log(1 + e^x)`, as `max(x, 0) + log1p(e^-|x|)` so it neither overflows nor rounds to 0.
    case softplus
    /// `x ** parameter`.
    case power
    /// `max(x, parameter)` and `min(x, parameter)`.
    case maximum, minimum
    /// 1 where `x > parameter`, else 0.
    case greaterThan
    /// `x + parameter`, `x - parameter`, `x * parameter`, `x / parameter`: a tensor with a
    /// scalar, without making the scalar a one-element tensor and a broadcast layout.
    case add, subtract, multiply, divide
    /// `parameter - x` and `parameter / x`.
    case subtractFrom, divideInto
}

/// Reductions of the kernel table.
///
/// ```swift
/// // Used through Tensor.sum, max and min: x.max(alongAxes: [1])
/// ```
public enum ReduceOp: Sendable {
    case sum, max, min
}

extension Float: TensorScalar {
    /// `"F32"`, the name messages and checkpoints use for `Float`.
    public static var dtypeName: String { "F32" }
    /// `Float`'s broadcasting binary kernel: `Tensor.elementwise` builds the layout and calls it
    /// for every operation between two tensors.
    public static func _binary(_ op: BinaryOp, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                               _ out: UnsafeMutablePointer<Float>, _ layout: BroadcastLayout) {
        binaryKernel(op, a, b, out, layout)
    }
    /// `Float`'s elementwise unary kernel; `exp`, `tanh` and `erf` use 16-lane approximations within a few ulp.
    ///
    /// ```swift
    /// var out = [Float](repeating: 0, count: 3)
    /// Float._unary(.maximum, [-1, 0, 2], &out, count: 3, parameter: 0)   // out == [0, 0, 2]
    /// ```
    public static func _unary(_ op: UnaryOp, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                              count: Int, parameter: Float) {
        switch op {
        case .exp: mapFloat16(x, out, count: count, exp16)
        case .tanh: mapFloat16(x, out, count: count, tanh16)
        case .erf: mapFloat16(x, out, count: count, erf16)
        default: unaryKernel(op, x, out, count: count, parameter: parameter)
        }
    }
    /// `Float`'s reduction kernel over an `(outer, length, inner)` view.
    ///
    /// ```swift
    /// var out = [Float](repeating: 0, count: 2)
    /// Float._reduce(.sum, [1, 2, 3, 4, 5, 6], &out, outer: 2, length: 3, inner: 1)   // out == [6, 15]
    /// ```
    public static func _reduce(_ op: ReduceOp, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                               outer: Int, length: Int, inner: Int) {
        reduceKernel(op, x, out, outer: outer, length: length, inner: inner)
    }
    /// `Float`'s matrix multiply, on all cores when large (see `Parallelism.maxThreads`).
    ///
    /// ```swift
    /// var c = [Float](repeating: 0, count: 4)
    /// Float._gemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 2, [1, 2, 3, 4], lda: 2,
    ///             [0, 1, 1, 0], ldb: 2, &c, ldc: 2, accumulate: false)   // c == [2, 1, 4, 3]
    /// ```
    public static func _gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                             _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                             _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        gemmFloat(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                  a, lda: lda, b, ldb: ldb, c, ldc: ldc, accumulate: accumulate)
    }
    /// `Float`'s im2col kernel, behind `Tensor.patches`.
    public static func _patches(_ geometry: PatchGeometry, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        patchesKernel(geometry, x, out)
    }
    /// `Float`'s fused im2col and matrix multiply, behind `Tensor.patchesAndProduct`.
    public static func _patchesTimes(_ geometry: PatchGeometry, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, outChannels: Int,
                                     patches: UnsafeMutablePointer<Float>, product: UnsafeMutablePointer<Float>) {
        patchesTimesKernel(geometry, x, w, outChannels: outChannels, patches: patches, product: product)
    }
    /// `Float`'s col2im kernel, behind `Tensor.foldingPatches`.
    public static func _foldPatches(_ geometry: PatchGeometry, _ cols: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        foldPatchesKernel(geometry, cols, out)
    }
    /// `Float`'s max-pooling kernel, behind `Tensor.maxPooled`.
    public static func _maxPool(_ geometry: PatchGeometry, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                argmax: UnsafeMutablePointer<Int>) {
        maxPoolKernel(geometry, x, out, argmax)
    }
    /// `Float`'s scatter-add kernel, behind `Tensor.scatterAdding`.
    ///
    /// ```swift
    /// var out = [Float](repeating: 0, count: 2)
    /// Float._scatterAdd([1, 2, 3], [1, 0, 1], count: 3, &out, size: 2)   // out == [2, 4]
    /// ```
    public static func _scatterAdd(_ values: UnsafePointer<Float>, _ indices: UnsafePointer<Int>, count: Int,
                                   _ out: UnsafeMutablePointer<Float>, size: Int) {
        scatterAddKernel(values, indices, count: count, out, size: size)
    }
}

extension Double: TensorScalar {
    /// `"F64"`, the name messages and checkpoints use for `Double`.
    public static var dtypeName: String { "F64" }
    /// `Double`'s broadcasting binary kernel: `Tensor.elementwise` builds the layout and calls it
    /// for every operation between two tensors.
    public static func _binary(_ op: BinaryOp, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                               _ out: UnsafeMutablePointer<Double>, _ layout: BroadcastLayout) {
        binaryKernel(op, a, b, out, layout)
    }
    /// `Double`'s elementwise unary kernel; `exp` and `tanh` stay on libm, for gradient checks.
    ///
    /// ```swift
    /// var out = [Double](repeating: 0, count: 3)
    /// Double._unary(.maximum, [-1, 0, 2], &out, count: 3, parameter: 0)   // out == [0, 0, 2]
    /// ```
    public static func _unary(_ op: UnaryOp, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>,
                              count: Int, parameter: Double) {
        unaryKernel(op, x, out, count: count, parameter: parameter)
    }
    /// `Double`'s reduction kernel over an `(outer, length, inner)` view.
    ///
    /// ```swift
    /// var out = [Double](repeating: 0, count: 2)
    /// Double._reduce(.sum, [1, 2, 3, 4, 5, 6], &out, outer: 2, length: 3, inner: 1)   // out == [6, 15]
    /// ```
    public static func _reduce(_ op: ReduceOp, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>,
                               outer: Int, length: Int, inner: Int) {
        reduceKernel(op, x, out, outer: outer, length: length, inner: inner)
    }
    /// `Double`'s matrix multiply, on all cores when large (see `Parallelism.maxThreads`).
    ///
    /// ```swift
    /// var c = [Double](repeating: 0, count: 4)
    /// Double._gemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 2, [1, 2, 3, 4], lda: 2,
    ///              [0, 1, 1, 0], ldb: 2, &c, ldc: 2, accumulate: false)   // c == [2, 1, 4, 3]
    /// ```
    public static func _gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                             _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
                             _ c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        gemmDouble(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                   a, lda: lda, b, ldb: ldb, c, ldc: ldc, accumulate: accumulate)
    }
    /// `Double`'s im2col kernel, behind `Tensor.patches`.
    public static func _patches(_ geometry: PatchGeometry, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        patchesKernel(geometry, x, out)
    }
    /// `Double`'s fused im2col and matrix multiply, behind `Tensor.patchesAndProduct`.
    public static func _patchesTimes(_ geometry: PatchGeometry, _ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, outChannels: Int,
                                     patches: UnsafeMutablePointer<Double>, product: UnsafeMutablePointer<Double>) {
        patchesTimesKernel(geometry, x, w, outChannels: outChannels, patches: patches, product: product)
    }
    /// `Double`'s col2im kernel, behind `Tensor.foldingPatches`.
    public static func _foldPatches(_ geometry: PatchGeometry, _ cols: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        foldPatchesKernel(geometry, cols, out)
    }
    /// `Double`'s max-pooling kernel, behind `Tensor.maxPooled`.
    public static func _maxPool(_ geometry: PatchGeometry, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>,
                                argmax: UnsafeMutablePointer<Int>) {
        maxPoolKernel(geometry, x, out, argmax)
    }
    /// `Double`'s scatter-add kernel, behind `Tensor.scatterAdding`.
    ///
    /// ```swift
    /// var out = [Double](repeating: 0, count: 2)
    /// Double._scatterAdd([1, 2, 3], [1, 0, 1], count: 3, &out, size: 2)   // out == [2, 4]
    /// ```
    public static func _scatterAdd(_ values: UnsafePointer<Double>, _ indices: UnsafePointer<Int>, count: Int,
                                   _ out: UnsafeMutablePointer<Double>, size: Int) {
        scatterAddKernel(values, indices, count: count, out, size: size)
    }
}

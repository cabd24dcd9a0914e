// The optimisers' lane-wise square root, as a vector instruction in every build (see
// CKernels.h): `SIMD8.squareRoot()` is eight scalar square roots with a libm fallback each
// unless the build passes -fno-math-errno, which a versioned dependency cannot.
internal import CKernels

/// `x.squareRoot()`, lane by lane, with the same bits.
///
/// ```swift excerpt
/// v.weight -= lr * v.gradient / (squareRoots(v.state0) + eps)
/// ```
@inline(__always)
func squareRoots<S: TensorScalar>(_ x: SIMD8<S>) -> SIMD8<S> {
    if S.self == Float.self {
        return unsafeBitCast(adjoint_sqrt_f32x8(unsafeBitCast(x, to: SIMD8<Float>.self)), to: SIMD8<S>.self)
    }
    if S.self == Double.self {
        return unsafeBitCast(adjoint_sqrt_f64x8(unsafeBitCast(x, to: SIMD8<Double>.self)), to: SIMD8<S>.self)
    }
    return x.squareRoot()
}

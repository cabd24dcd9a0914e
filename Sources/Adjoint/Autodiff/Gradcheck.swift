// Numerical gradients and the comparison of the tape against them. Run checks in Double:
// with h = 1e-5, Float's rounding error swamps the difference quotient.

/// The usual gradient-check measure of relative error: `max |x - y| / max(1e-8, |x| + |y|)`.
///
/// ```swift
/// relativeError(Tensor<Double>([1, 2]), Tensor<Double>([1, 2.000001]))   // ~2.5e-7
/// ```
public func relativeError<S: TensorScalar>(_ x: Tensor<S>, _ y: Tensor<S>) -> Double {
    check(x.shape == y.shape, "relativeError: shapes \(describe(x.shape)) and \(describe(y.shape)) differ")
    var worst = 0.0
    for (a, b) in zip(x.scalars, y.scalars) {
        let (a, b) = (Double(a), Double(b))
        worst = max(worst, Swift.abs(a - b) / max(1e-8, Swift.abs(a) + Swift.abs(b)))
    }
    return worst
}

/// The relative distance of two tensors as a whole: `|x - y| / max(|x|, |y|)` in the
/// Euclidean norm. Unlike `relativeError` it is not dominated by entries near zero, so it
/// says how far two trained weight matrices are apart.
///
/// ```swift
/// relativeDistance(Tensor<Double>([3, 4]), Tensor<Double>([3, 4.5]))   // 0.5 / 5.41 = 0.092
/// ```
public func relativeDistance<S: TensorScalar>(_ x: Tensor<S>, _ y: Tensor<S>) -> Double {
    check(x.shape == y.shape, "relativeDistance: shapes \(describe(x.shape)) and \(describe(y.shape)) differ")
    let norm = { (t: Tensor<S>) in Double(t.squared().sum().scalar).squareRoot() }
    let scale = max(norm(x), norm(y))
    return scale == 0 ? 0 : norm(x - y) / scale
}

/// The centred-difference gradient of a scalar function: `(f(x + h e_i) - f(x - h e_i)) / 2h`.
///
/// ```swift
/// let g = numericalGradient(of: { ($0 * $0).sum().scalar }, at: Tensor<Double>([1, 2]))  // [2, 4]
/// ```
public func numericalGradient<S: TensorScalar>(of f: (Tensor<S>) -> S, at x: Tensor<S>, h: S = 1e-5) -> Tensor<S> {
    numericalGradient(of: { Tensor(f($0)) }, at: x, upstream: Tensor(1), h: h)
}

/// The numerical vector-Jacobian product of an array-valued function with `upstream`:
/// `sum((f(x + h e_i) - f(x - h e_i)) * upstream) / 2h`.
///
/// The two outputs are subtracted before the product with `upstream` is summed, so that
/// outputs that `x_i` does not reach (most of a convolution's) cancel exactly
/// instead of adding the rounding of a large sum to a small difference.
///
/// ```swift
/// let g = numericalGradient(of: { $0.tanh() }, at: x.value, upstream: .ones(x.shape))   // shape of x
/// ```
public func numericalGradient<S: TensorScalar>(of f: (Tensor<S>) -> Tensor<S>, at x: Tensor<S>,
                                               upstream: Tensor<S>, h: S = 1e-5) -> Tensor<S> {
    Tensor(numericalGradient(of: f, at: x, upstream: upstream, entries: Array(0..<x.count), h: h), shape: x.shape)
}

/// The same at the flat indices `entries` only (a sampled check of a large input).
///
/// ```swift
/// let g = numericalGradient(of: { $0 * $0 }, at: Tensor<Double>([1, 2, 3]), upstream: .ones([3]),
///                           entries: [0, 2])      // [2, 6]
/// ```
public func numericalGradient<S: TensorScalar>(of f: (Tensor<S>) -> Tensor<S>, at x: Tensor<S>, upstream: Tensor<S>,
                                               entries: [Int], h: S = 1e-5) -> [S] {
    var probe = x
    return entries.map { i in
        let original = probe.withUnsafeBufferPointer { $0[i] }
        probe.withUnsafeMutableBufferPointer { $0[i] = original + h }
        let plus = f(probe)
        probe.withUnsafeMutableBufferPointer { $0[i] = original - h }
        let minus = f(probe)
        probe.withUnsafeMutableBufferPointer { $0[i] = original }
        check(plus.shape == upstream.shape,
              "numericalGradient: f returned shape \(describe(plus.shape)), upstream has \(describe(upstream.shape))")
        return ((plus - minus) * upstream).sum().scalar / (2 * h)
    }
}

/// The outcome of `gradcheck`: tape and numerical gradients and their relative error per input.
///
/// ```swift
/// let result = gradcheck({ $0.tanh().sum() }, at: x.value)
/// print(result.errors, result.maxError)
/// ```
public struct GradcheckResult<S: TensorScalar> {
    /// The tape's gradient for each input.
    public let tape: [Tensor<S>]
    /// The numerical gradient for each input.
    public let numerical: [Tensor<S>]
    /// The relative error of each input's gradient.
    public let errors: [Double]
    /// The largest of `errors`.
    ///
    /// ```swift
    /// print(gradcheck({ $0.exp().sum() }, at: x.value).maxError)   // about 1e-10 in Double
    /// ```
    public var maxError: Double { errors.max() ?? 0 }
}

/// Compares the tape's gradients of `f` with numerical ones, for every input.
///
/// `f` maps variables to a variable; if its output is not a scalar, `upstream` (random by
/// default, seeded) is the gradient pulled back through it.
///
/// ```swift
/// let result = gradcheck({ v in (v[0].matmul(v[1])).tanh().sum() }, at: [a.value, b.value])
/// print(result.maxError)
/// ```
public func gradcheck<S: TensorScalar>(_ f: ([Variable<S>]) -> Variable<S>, at inputs: [Tensor<S>],
                                       upstream: Tensor<S>? = nil, h: S = 1e-5, seed: UInt64 = 0) -> GradcheckResult<S> {
    let variables = inputs.map { Variable($0) }
    let output = f(variables)
    var rng = SeededGenerator(seed: seed)
    let seedGrad = upstream ?? (output.value.count == 1 ? Tensor.ones(output.shape) : Tensor.randn(output.shape, using: &rng))
    let tape = gradients(of: output, wrt: variables, seed: seedGrad).map(\.value)
    let numerical = inputs.indices.map { i in
        numericalGradient(of: { x -> Tensor<S> in
            var args = inputs
            args[i] = x
            return withoutGradients { f(args.map { Variable(constant: $0) }).value }
        }, at: inputs[i], upstream: seedGrad, h: h)
    }
    return GradcheckResult(tape: tape, numerical: numerical, errors: zip(tape, numerical).map { relativeError($0, $1) })
}

/// `gradcheck` for a function of one tensor.
///
/// ```swift
/// let result = gradcheck({ $0.tanh().sum() }, at: Tensor<Double>([0.5, -1, 2]))
/// ```
public func gradcheck<S: TensorScalar>(_ f: (Variable<S>) -> Variable<S>, at input: Tensor<S>,
                                       upstream: Tensor<S>? = nil, h: S = 1e-5, seed: UInt64 = 0) -> GradcheckResult<S> {
    gradcheck({ f($0[0]) }, at: [input], upstream: upstream, h: h, seed: seed)
}

/// Scales the gradients of `parameters` down so that their joint L2 norm is at most `maxNorm`
/// (PyTorch's `clip_grad_norm_`), and returns the norm they had. A trainer's gradient hook is
/// the place to call it.
///
/// ```swift
/// trainer.callbacks.afterBackward = { parameters in clipGradients(parameters, maxNorm: 5) }
/// ```
@discardableResult
public func clipGradients<S: TensorScalar>(_ parameters: [Variable<S>], maxNorm: S) -> S {
    check(maxNorm > 0, "clipGradients: maxNorm must be positive, got \(maxNorm)")
    let squares = parameters.reduce(S(0)) { total, p in total + (p.grad.map { ($0 * $0).sum().scalar } ?? 0) }
    let norm = squares.squareRoot()
    if norm > maxNorm {
        let scale = maxNorm / norm
        for p in parameters { p.grad = p.grad.map { $0 * scale } }
    }
    return norm
}

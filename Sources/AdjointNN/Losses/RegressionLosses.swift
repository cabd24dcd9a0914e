// Elementwise regression losses between predictions and targets of one shape, with PyTorch's
// definitions; the mean is over every element, as PyTorch's `reduction='mean'`.

/// Mean squared error: `(predictions - targets)^2`, reduced over all elements.
///
/// ```swift
/// let loss = mse(model(x), targets)   // x (64, 13), y (64, 1)
/// ```
public func mse<S>(_ predictions: Variable<S>, _ targets: Variable<S>, reduction: Reduction = .mean) -> Variable<S> {
    reduce(difference(predictions, targets, op: "mse").squared(), reduction)
}

/// Mean absolute error: `|predictions - targets|`, reduced over all elements; the gradient at
/// a difference of exactly 0 is 0.
///
/// ```swift
/// let loss = l1(model(x), targets)
/// ```
public func l1<S>(_ predictions: Variable<S>, _ targets: Variable<S>, reduction: Reduction = .mean) -> Variable<S> {
    reduce(difference(predictions, targets, op: "l1").abs(), reduction)
}

/// Smooth L1 (Huber-like) loss, as PyTorch's `smooth_l1_loss`: with `d = predictions - targets`,
/// `0.5 d^2 / beta` where `|d| < beta`, else `|d| - 0.5 beta`; `beta` 0 is `l1`.
///
/// ```swift
/// let loss = smoothL1(outputs, targets, beta: 1.0 / 9)
/// ```
public func smoothL1<S>(_ predictions: Variable<S>, _ targets: Variable<S>, beta: S = 1,
                        reduction: Reduction = .mean) -> Variable<S> {
    check(beta >= 0, "smoothL1: beta must not be negative, got \(beta)")
    let d = difference(predictions, targets, op: "smoothL1")
    // The quadratic branch would divide by 0, and select multiplies both branches by its mask.
    guard beta > 0 else { return reduce(d.abs(), reduction) }
    let absolute = d.abs()
    let quadratic = d.squared() * (0.5 / beta)
    return reduce(quadratic.select(absolute.value .< Tensor(beta), else: absolute - 0.5 * beta), reduction)
}

/// `predictions - targets`, trapping when the shapes differ: broadcasting would pair the wrong
/// elements without a word (a `(N,)` target against `(N, 1)` predictions gives `(N, N)`).
func difference<S>(_ predictions: Variable<S>, _ targets: Variable<S>, op: String) -> Variable<S> {
    check(predictions.shape == targets.shape,
          "\(op): predictions of shape \(describe(predictions.shape)) and targets of shape \(describe(targets.shape)) differ")
    return predictions - targets
}

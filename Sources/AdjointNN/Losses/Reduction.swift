/// How a loss combines the per-sample losses of a batch.
///
/// ```swift
/// let total = softmaxCrossEntropy(scores, labels: y, reduction: .sum)
/// let perSample = mse(outputs, targets, reduction: .none)   // the shape of the inputs
/// ```
public enum Reduction: Sendable {
    /// The mean over the batch (the default).
    case mean
    /// The sum over the batch (`sizeAverage: false`).
    case sum
    /// No reduction: one loss per sample (or per element), as PyTorch's `reduction='none'`.
    case none
}

/// `losses` combined by `reduction`.
func reduce<S>(_ losses: Variable<S>, _ reduction: Reduction) -> Variable<S> {
    switch reduction {
    case .mean: losses.mean()
    case .sum: losses.sum()
    case .none: losses
    }
}

/// `losses` combined by `reduction` over the positions whose label is not ignored: the others
/// add nothing, and a mean divides by the count of the rest, as PyTorch's `ignore_index` does.
func reduce<S>(_ losses: Variable<S>, ignoring ignored: IgnoredLabels<S>?, _ reduction: Reduction) -> Variable<S> {
    guard let ignored else { return reduce(losses, reduction) }
    let masked = losses * ignored.keep
    switch reduction {
    case .mean: return masked.sum() / S(ignored.kept)
    case .sum: return masked.sum()
    case .none: return masked
    }
}

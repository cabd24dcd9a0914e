/// How a loss combines the per-sample losses of a batch.
///
/// ```swift
/// let total = softmaxCrossEntropy(scores, labels: y, reduction: .sum)
/// let perSample = mse(predictions, targets, reduction: .none)   // the shape of the inputs
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

/// `losses` combined by `reduction` over the positions where `keep` is 1 (`kept` of them):
/// the others add nothing, and a mean divides by `kept`, as PyTorch's `ignore_index` does.
func reduce<S>(_ losses: Variable<S>, keeping keep: Tensor<S>, kept: Int, _ reduction: Reduction) -> Variable<S> {
    let masked = losses * keep
    switch reduction {
    case .mean: return masked.sum() / S(kept)
    case .sum: return masked.sum()
    case .none: return masked
    }
}

/// How a loss combines the per-sample losses of a batch.
///
/// ```swift
/// let total = softmaxCrossEntropy(scores, labels: y, reduction: .sum)
/// ```
public enum Reduction: Sendable {
    /// The mean over the batch (the default).
    case mean
    /// The sum over the batch (`sizeAverage: false`).
    case sum
}

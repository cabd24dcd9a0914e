/// Softmax cross-entropy of `scores` `(N, C)` against integer `labels`: `-log softmax(scores)[i, y_i]`
/// averaged (or summed, or kept per row) over the batch. Stable for large scores (shifted by the
/// row maximum).
///
/// Scores `(N, T, C)` (or any `(..., C)`) take one label per position of the leading axes, in
/// row-major order. Positions labelled `ignoreIndex` add nothing, and the mean is over the
/// others, as PyTorch's `ignore_index` (a padded batch of sequences); when every position is
/// ignored the mean is 0 / 0, NaN, as in PyTorch.
///
/// With `labelSmoothing` `e` the target of each row is `1 - e` on its label plus `e / C` on every
/// class, as in PyTorch's `cross_entropy(label_smoothing:)`: the loss becomes
/// `(1 - e) * -log p[y] + e * mean over classes of -log p`.
///
/// ```swift
/// let loss = softmaxCrossEntropy(model(x), labels: [3, 0, 7])
/// loss.backward()
/// let smoothed = softmaxCrossEntropy(model(x), labels: [3, 0, 7], labelSmoothing: 0.1)
/// let tokens = softmaxCrossEntropy(logits, labels: [5, 2, -100, 7, 1, -100], ignoreIndex: -100)   // logits (2, 3, C)
/// ```
public func softmaxCrossEntropy<S>(_ scores: Variable<S>, labels: [Int], ignoreIndex: Int? = nil, labelSmoothing: S = 0,
                                   reduction: Reduction = .mean) -> Variable<S> {
    checkLabels(labels, scores: scores.shape, ignoreIndex: ignoreIndex, op: "softmaxCrossEntropy")
    check(labelSmoothing >= 0 && labelSmoothing <= 1,
          "softmaxCrossEntropy: labelSmoothing must be in [0, 1], got \(labelSmoothing)")
    let ignored: IgnoredLabels<S>? = ignoreIndex.map { IgnoredLabels($0, in: labels, shape: Array(scores.shape.dropLast())) }
    let perRow = scores.softmaxCrossEntropy(labels: ignored?.labels ?? labels, labelSmoothing: labelSmoothing)
    return reduce(perRow, ignoring: ignored, reduction)
}

/// Softmax cross-entropy of `scores` `(N, C)` against integer `labels`: `-log softmax(scores)[i, y_i]`
/// averaged (or summed) over the batch. Stable for large scores (shifted by the row maximum).
///
/// With `labelSmoothing` `e` the target of each row is `1 - e` on its label plus `e / C` on every
/// class, as in PyTorch's `cross_entropy(label_smoothing:)`: the loss becomes
/// `(1 - e) * -log p[y] + e * mean over classes of -log p`.
///
/// ```swift
/// let loss = softmaxCrossEntropy(model(x), labels: [3, 0, 7])
/// loss.backward()
/// let smoothed = softmaxCrossEntropy(model(x), labels: [3, 0, 7], labelSmoothing: 0.1)
/// ```
public func softmaxCrossEntropy<S>(_ scores: Variable<S>, labels: [Int], labelSmoothing: S = 0,
                                   reduction: Reduction = .mean) -> Variable<S> {
    checkLabels(labels, scores: scores.shape, op: "softmaxCrossEntropy")
    check(labelSmoothing >= 0 && labelSmoothing <= 1,
          "softmaxCrossEntropy: labelSmoothing must be in [0, 1], got \(labelSmoothing)")
    let logProbabilities = scores.logSoftmax(alongAxis: 1)
    let picked = logProbabilities.gathering(labels)
    let perRow = labelSmoothing == 0 ? -picked
        : -picked * (1 - labelSmoothing) - logProbabilities.mean(alongAxes: [1]) * labelSmoothing
    return reduction == .mean ? perRow.mean() : perRow.sum()
}

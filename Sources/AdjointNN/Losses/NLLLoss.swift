/// Negative log-likelihood of `labels` under `logProbabilities` `(N, C)` (or `(..., C)`, one
/// label per position of the leading axes): `-logProbabilities[i, y_i]`, reduced as `reduction`
/// says. Positions labelled `ignoreIndex` add nothing and the mean is over the others, as
/// PyTorch's `nll_loss`. With `logSoftmax` in front it is `softmaxCrossEntropy`.
///
/// ```swift
/// let logP = model(x).logSoftmax(alongAxis: -1)
/// let loss = nll(logP, labels: [3, 0, 7])
/// ```
public func nll<S>(_ logProbabilities: Variable<S>, labels: [Int], ignoreIndex: Int? = nil,
                   reduction: Reduction = .mean) -> Variable<S> {
    checkLabels(labels, scores: logProbabilities.shape, ignoreIndex: ignoreIndex, op: "nll")
    let ignored: IgnoredLabels<S>? = ignoreIndex.map { IgnoredLabels($0, in: labels, shape: Array(logProbabilities.shape.dropLast())) }
    let perRow = -logProbabilities.gathering(ignored?.labels ?? labels)
    return reduce(perRow, ignoring: ignored, reduction)
}

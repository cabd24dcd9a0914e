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
    guard let ignoreIndex else { return reduce(-logProbabilities.gathering(labels), reduction) }
    let (gathered, keep, kept): ([Int], Tensor<S>, Int) = ignoring(ignoreIndex, in: labels, shape: Array(logProbabilities.shape.dropLast()))
    return reduce(-logProbabilities.gathering(gathered), keeping: keep, kept: kept, reduction)
}

/// Softmax cross-entropy with the labels as an `IndexTensor` of the scores' leading shape:
/// `(N)` labels for `(N, C)` scores, `(N, T)` for `(N, T, C)`. The same loss as the `[Int]` form.
///
/// ```swift
/// let logits = Variable(constant: Tensor<Float>.zeros([2, 3, 10]))
/// let loss = softmaxCrossEntropy(logits, labels: IndexTensor([[5, 2, -100], [7, 1, 0]]), ignoreIndex: -100)
/// ```
public func softmaxCrossEntropy<S>(_ scores: Variable<S>, labels: IndexTensor, ignoreIndex: Int? = nil, labelSmoothing: S = 0,
                                   reduction: Reduction = .mean) -> Variable<S> {
    checkLabelShape(labels, scores: scores.shape, op: "softmaxCrossEntropy")
    return softmaxCrossEntropy(scores, labels: labels.scalars, ignoreIndex: ignoreIndex, labelSmoothing: labelSmoothing,
                               reduction: reduction)
}

/// Negative log-likelihood with the labels as an `IndexTensor` of the log-probabilities'
/// leading shape. The same loss as the `[Int]` form.
///
/// ```swift
/// let logP = Variable(constant: Tensor<Float>.zeros([3, 10])).logSoftmax(alongAxis: -1)
/// let loss = nll(logP, labels: IndexTensor([3, 0, 7]))
/// ```
public func nll<S>(_ logProbabilities: Variable<S>, labels: IndexTensor, ignoreIndex: Int? = nil,
                   reduction: Reduction = .mean) -> Variable<S> {
    checkLabelShape(labels, scores: logProbabilities.shape, op: "nll")
    return nll(logProbabilities, labels: labels.scalars, ignoreIndex: ignoreIndex, reduction: reduction)
}

/// Traps with the loss's name and both shapes unless the labels' shape is the scores' without
/// the class axis.
private func checkLabelShape(_ labels: IndexTensor, scores: [Int], op: String) {
    check(!scores.isEmpty && labels.shape == Array(scores.dropLast()),
          "\(op): labels of shape \(describe(labels.shape)) do not fit scores of shape \(describe(scores)); expected \(describe(Array(scores.dropLast())))")
}

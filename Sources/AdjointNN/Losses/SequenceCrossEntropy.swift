/// Softmax cross-entropy of sequence scores `(N, T, C)` against `labels[n][t]`: the per-token
/// loss `-log softmax(scores[n, t])[labels[n][t]]`, with tokens labelled `ignoreIndex` (padding)
/// left out of the sum and of the mean's count, as PyTorch's `ignore_index`. `.none` gives
/// `(N, T)`, 0 at the ignored tokens.
///
/// ```swift
/// let logits = model(x)                          // x: (2, 4, features) -> (2, 4, vocabulary)
/// let loss = softmaxCrossEntropy(logits, labels: [[5, 2, 9, -100], [7, 1, -100, -100]], ignoreIndex: -100)
/// ```
public func softmaxCrossEntropy<S>(_ scores: Variable<S>, labels: [[Int]], ignoreIndex: Int? = nil, labelSmoothing: S = 0,
                                   reduction: Reduction = .mean) -> Variable<S> {
    check(scores.shape.count == 3 && labels.count == scores.shape[0] && labels.allSatisfy { $0.count == scores.shape[1] },
          "softmaxCrossEntropy: labels of \(labels.count) sequences of lengths \(Set(labels.map(\.count)).sorted()) do not fit (N, T, C) scores of shape \(describe(scores.shape))")
    return softmaxCrossEntropy(scores, labels: labels.flatMap { $0 }, ignoreIndex: ignoreIndex, labelSmoothing: labelSmoothing,
                               reduction: reduction)
}

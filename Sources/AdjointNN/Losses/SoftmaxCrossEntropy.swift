/// How a loss combines the per-sample losses of a batch.
///
/// ```swift
/// let total = softmaxCrossEntropy(scores, labels: y, reduction: .sum)
/// ```
public enum Reduction: Sendable {
    /// The mean over the batch (the assignments' default).
    case mean
    /// The sum over the batch (`sizeAverage: false`).
    case sum
}

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

/// Multiclass SVM (hinge) loss: `sum over j != y_i of max(0, s_ij - s_iy_i + 1)`, averaged
/// (or summed) over the batch.
///
/// ```swift
/// let loss = svmLoss(scores, labels: labels)
/// let total = svmLoss(scores, labels: labels, reduction: .sum)
/// ```
public func svmLoss<S>(_ scores: Variable<S>, labels: [Int], reduction: Reduction = .mean) -> Variable<S> {
    checkLabels(labels, scores: scores.shape, op: "svmLoss")
    let (n, classes) = (scores.shape[0], scores.shape[1])
    let correct = scores.gathering(labels).reshaped([n, 1])
    let margins = (scores - correct + 1).maximum(0)
    let notTrue = 1 - Tensor<S>.ones([n]).scattering(labels, classes: classes)
    let total = (margins * notTrue).sum()
    return reduction == .mean ? total / S(n) : total
}

/// The class probabilities `softmax(scores)` along the last axis, as a plain tensor.
///
/// ```swift
/// let p = softmax(model(x).value)   // rows sum to 1
/// ```
public func softmax<S>(_ scores: Tensor<S>) -> Tensor<S> {
    withoutGradients { Variable(constant: scores).softmax(alongAxis: -1).value }
}

func checkLabels(_ labels: [Int], scores: [Int], op: String) {
    check(scores.count == 2, "\(op): scores must have shape (N, C), got \(scores)")
    check(labels.count == scores[0], "\(op): \(labels.count) labels for \(scores[0]) score rows (shape \(scores))")
    if let bad = labels.first(where: { $0 < 0 || $0 >= scores[1] }) {
        fatalError("\(op): label \(bad) is outside the class range 0..<\(scores[1])")
    }
}

/// Multiclass SVM (hinge) loss: `sum over j != y_i of max(0, s_ij - s_iy_i + 1)`, averaged
/// (or summed, or kept per row) over the batch.
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
    return reduce((margins * notTrue).sum(alongAxes: [1]), reduction)
}

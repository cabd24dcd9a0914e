// Classification losses on scores of shape (N, C) with integer labels; each returns the loss
// and its gradient with respect to the scores.

extension Reference {
    /// Softmax cross-entropy. `p = softmax(x)` (rows shifted by their maximum first),
    /// `loss = -mean_i log p[i, y_i]` and `dx = (p - onehot(y)) / N`; with
    /// `sizeAverage: false` the loss is summed over the batch and `dx = p - onehot(y)`.
    ///
    /// ```swift
    /// let (loss, dscores) = Reference.softmaxLoss(scores, [0, 5, 1, 4])
    /// ```
    public static func softmaxLoss<S: TensorScalar>(_ x: Tensor<S>, _ y: [Int], sizeAverage: Bool = true)
        -> (loss: S, dx: Tensor<S>) {
        precondition(x.rank == 2 && x.shape[0] == y.count,
                     "softmaxLoss: scores of shape \(x.shape) do not match \(y.count) labels")
        let shifted = x - x.max(alongAxes: [1], keepingDimensions: true)
        let logSumExp = shifted.exp().sum(alongAxes: [1], keepingDimensions: true).log()
        let logProbabilities = shifted - logSumExp
        let target: Tensor<S> = oneHot(y, classes: x.shape[1], op: "softmaxLoss")
        let scale: S = sizeAverage ? 1 / S(y.count) : 1
        let loss = -(target * logProbabilities).sum().scalar * scale
        return (loss, (logProbabilities.exp() - target) * scale)
    }

    /// Multiclass SVM (hinge) loss. `margins = max(0, x - x[i, y_i] + 1)` with the true class
    /// zeroed, `loss = sum(margins) / N`; `dx` is 1 where a margin is positive and minus the
    /// row's count of positive margins at the true class, over `N`.
    ///
    /// ```swift
    /// let (loss, dscores) = Reference.svmLoss(scores, labels)
    /// ```
    public static func svmLoss<S: TensorScalar>(_ x: Tensor<S>, _ y: [Int]) -> (loss: S, dx: Tensor<S>) {
        precondition(x.rank == 2 && x.shape[0] == y.count,
                     "svmLoss: scores of shape \(x.shape) do not match \(y.count) labels")
        let n = S(y.count)
        let target: Tensor<S> = oneHot(y, classes: x.shape[1], op: "svmLoss")
        let correct = (x * target).sum(alongAxes: [1], keepingDimensions: true)
        let margins = (x - correct + 1).maximum(0) * (1 - target)
        let positive = margins .> 0
        let dx = (positive - target * positive.sum(alongAxes: [1], keepingDimensions: true)) / n
        return (margins.sum().scalar / n, dx)
    }
}

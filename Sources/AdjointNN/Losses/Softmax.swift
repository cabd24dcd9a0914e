/// The class probabilities `softmax(scores)` along the last axis, as a plain tensor.
///
/// ```swift
/// let p = softmax(model(x).value)   // rows sum to 1
/// ```
public func softmax<S>(_ scores: Tensor<S>) -> Tensor<S> {
    withoutGradients { Variable(constant: scores).softmax(alongAxis: -1).value }
}

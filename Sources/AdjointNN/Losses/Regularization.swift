// Weight penalties in their three common spellings: loss terms a user adds to the data
// loss, for the weights it names (not biases, not batch-norm parameters).

/// `lambda * sum(w^2)`; gradient `2 lambda w`.
///
/// ```swift
/// let loss = softmaxCrossEntropy(scores, labels: y) + l2Penalty(net.fc1.weight, lambda: 5e-3)
/// ```
public func l2Penalty<S>(_ w: Variable<S>, lambda: S) -> Variable<S> { (w * w).sum() * lambda }

/// `0.5 * reg * sum(w^2)`; gradient `reg * w` (TwoLayerNet and FullyConnectedNet).
///
/// ```swift
/// let loss = softmaxCrossEntropy(scores, labels: y) + halfL2Penalty(net.fc1.weight, reg: 0.1)
/// ```
public func halfL2Penalty<S>(_ w: Variable<S>, reg: S) -> Variable<S> { (w * w).sum() * (reg / 2) }

/// `0.5 * reg * sum over weights of sum(w^2)`: the numbered nets' penalty on all their weight matrices.
///
/// ```swift
/// let loss = softmaxCrossEntropy(net(x), labels: y) + halfL2Penalty(net.weights, reg: 0.1)
/// ```
public func halfL2Penalty<S>(_ weights: [Variable<S>], reg: S) -> Variable<S> {
    check(!weights.isEmpty, "halfL2Penalty: no weights given")
    return weights.dropFirst().reduce(halfL2Penalty(weights[0], reg: reg)) { $0 + halfL2Penalty($1, reg: reg) }
}

/// `lambda * sum(|w|)`; gradient `lambda * sign(w)`.
///
/// ```swift
/// let loss = softmaxCrossEntropy(scores, labels: y) + l1Penalty(net.fc1.weight, lambda: 1e-4)
/// ```
public func l1Penalty<S>(_ w: Variable<S>, lambda: S) -> Variable<S> { w.abs().sum() * lambda }

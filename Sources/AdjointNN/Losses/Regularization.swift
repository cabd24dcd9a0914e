// The assignments' three spellings of weight penalties. Apply them to weights, not biases.

/// `lambda * sum(w^2)`; gradient `2 lambda w`.
///
/// ```swift
/// let loss = softmaxCrossEntropy(scores, labels: y) + l2Penalty(w1, lambda: 5e-3)
/// ```
public func l2Penalty<S>(_ w: Variable<S>, lambda: S) -> Variable<S> { (w * w).sum() * lambda }

/// `0.5 * reg * sum(w^2)`; gradient `reg * w` (TwoLayerNet and FullyConnectedNet).
public func halfL2Penalty<S>(_ w: Variable<S>, reg: S) -> Variable<S> { (w * w).sum() * (reg / 2) }

/// `lambda * sum(|w|)`; gradient `lambda * sign(w)`.
public func l1Penalty<S>(_ w: Variable<S>, lambda: S) -> Variable<S> { w.abs().sum() * lambda }

/// Binary cross-entropy of `sigmoid(logits)` against `targets` in `[0, 1]`, from the logits, as
/// PyTorch's `binary_cross_entropy_with_logits`: `-(y log sigmoid(x) + (1 - y) log(1 - sigmoid(x)))`,
/// whose value is the stable `max(x, 0) - x y + log(1 + exp(-|x|))`, finite at any logit.
///
/// It is computed as the log-softmax of the pair `(0, x)`, whose entries are `log(1 - sigmoid(x))`
/// and `log sigmoid(x)`: the same value, and a gradient `sigmoid(x) - y` that is right at `x = 0`,
/// where the kinks of `max` and `|x|` would each give a one-sided derivative.
///
/// ```swift
/// let loss = binaryCrossEntropy(withLogits: model(x), targets: targets)   // (N, 1) each, targets 0 or 1
/// ```
public func binaryCrossEntropy<S>(withLogits logits: Variable<S>, targets: Variable<S>,
                                  reduction: Reduction = .mean) -> Variable<S> {
    check(logits.shape == targets.shape,
          "binaryCrossEntropy: logits of shape \(describe(logits.shape)) and targets of shape \(describe(targets.shape)) differ")
    let shape = logits.shape, pairAxis = shape.count
    let pair = Variable.concatenate([Variable(constant: .zeros(shape + [1])), logits.reshaped(shape + [1])], alongAxis: pairAxis)
    let logProbabilities = pair.logSoftmax(alongAxis: pairAxis)
    let logNegative = logProbabilities.slice(0..<1, alongAxis: pairAxis).reshaped(shape)
    let logPositive = logProbabilities.slice(1..<2, alongAxis: pairAxis).reshaped(shape)
    return reduce(-(targets * logPositive + (1 - targets) * logNegative), reduction)
}

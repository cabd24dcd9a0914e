/// SGD with momentum: `v = mu * v - lr * dw; w += v`. With `nesterov`, the look-ahead form
/// `w += -mu * v_old + (1 + mu) * v`.
///
/// ```swift
/// let opt = Momentum(model.parameters, learningRate: 1e-2, momentum: 0.9)
/// ```
public final class Momentum<Scalar: TensorScalar>: Optimizer<Scalar> {
    public let momentum: Scalar
    public let nesterov: Bool

    public init(_ parameters: [(name: String, variable: Variable<Scalar>)], learningRate: Scalar,
                momentum: Scalar = 0.9, nesterov: Bool = false, weightDecay: Scalar = 0) {
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(parameters, learningRate: learningRate, weightDecay: weightDecay)
    }

    override public var slotNames: [String] { ["velocity"] }

    override public func rule() -> UpdateRule<Scalar> {
        var rule = super.rule()
        rule.kind = nesterov ? .nesterov : .momentum
        rule.beta1 = momentum
        return rule
    }
}

/// RMSprop: `c = d * c + (1 - d) dw^2; w -= lr * dw / (sqrt(c) + eps)`.
///
/// ```swift
/// let opt = RMSprop(model.parameters, learningRate: 1e-3)
/// ```
public final class RMSprop<Scalar: TensorScalar>: Optimizer<Scalar> {
    public let decay: Scalar
    public let epsilon: Scalar

    public init(_ parameters: [(name: String, variable: Variable<Scalar>)], learningRate: Scalar,
                decay: Scalar = 0.99, epsilon: Scalar = 1e-8, weightDecay: Scalar = 0) {
        self.decay = decay
        self.epsilon = epsilon
        super.init(parameters, learningRate: learningRate, weightDecay: weightDecay)
    }

    override public var slotNames: [String] { ["cache"] }

    override public func rule() -> UpdateRule<Scalar> {
        var rule = super.rule()
        rule.kind = .rmsprop
        rule.beta1 = decay
        rule.epsilon = epsilon
        return rule
    }
}

/// Adam: `t += 1; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
/// w -= lr * mhat / (sqrt(vhat) + eps)` with bias-corrected `mhat`, `vhat`.
///
/// `weightDecay` is decoupled (AdamW, applied as `w -= wd * w`); `l2` instead adds `l2 * w` to
/// the gradient before the moments (Adam + L2, the penalty `0.5 * l2 * sum(w^2)`). The two differ.
///
/// ```swift
/// let opt = Adam(model.parameters, learningRate: 1e-3, weightDecay: 1e-4)
/// ```
public final class Adam<Scalar: TensorScalar>: Optimizer<Scalar> {
    public let beta1: Scalar
    public let beta2: Scalar
    public let epsilon: Scalar
    public let l2: Scalar

    public init(_ parameters: [(name: String, variable: Variable<Scalar>)], learningRate: Scalar = 1e-3,
                beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
                weightDecay: Scalar = 0, l2: Scalar = 0) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.l2 = l2
        super.init(parameters, learningRate: learningRate, weightDecay: weightDecay)
    }

    override public var slotNames: [String] { ["m", "v"] }

    override public func rule() -> UpdateRule<Scalar> {
        var rule = super.rule()
        rule.kind = .adam
        (rule.beta1, rule.beta2, rule.epsilon, rule.l2, rule.step) = (beta1, beta2, epsilon, l2, stepCount)
        return rule
    }
}

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

    override public func update(name: String, weight: Tensor<Scalar>, gradient: Tensor<Scalar>) -> Tensor<Scalar> {
        let old = slot("velocity", of: name, like: weight)
        let velocity = old * momentum - gradient * learningRate
        setSlot("velocity", of: name, velocity)
        return nesterov ? old * momentum - velocity * (1 + momentum) : -velocity
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

    override public func update(name: String, weight: Tensor<Scalar>, gradient: Tensor<Scalar>) -> Tensor<Scalar> {
        let cache = slot("cache", of: name, like: weight) * decay + gradient.squared() * (1 - decay)
        setSlot("cache", of: name, cache)
        return gradient * learningRate / (cache.sqrt() + epsilon)
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

    override public func update(name: String, weight: Tensor<Scalar>, gradient: Tensor<Scalar>) -> Tensor<Scalar> {
        let g = l2 == 0 ? gradient : gradient + weight * l2
        let m = slot("m", of: name, like: weight) * beta1 + g * (1 - beta1)
        let v = slot("v", of: name, like: weight) * beta2 + g.squared() * (1 - beta2)
        setSlot("m", of: name, m)
        setSlot("v", of: name, v)
        let t = Scalar(stepCount)
        let mHat = m / (1 - beta1.pow(t))
        let vHat = v / (1 - beta2.pow(t))
        return mHat * learningRate / (vHat.sqrt() + epsilon)
    }
}

extension TensorScalar {
    func pow(_ exponent: Self) -> Self { Tensor(self).pow(exponent).scalar }
}

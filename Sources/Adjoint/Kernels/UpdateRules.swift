// The optimisers' update rules as fused in-place loops. Written as tensor expressions, Adam
// makes about fourteen passes over every parameter and allocates as many temporaries; here it
// makes one pass and allocates nothing, which matters because a training step's update touches
// every weight while its matrix products are bound by arithmetic.

/// An update rule and its hyperparameters, as the optimisers of the neural-network library use
/// them. `step` is the 1-based step count (Adam's bias correction).
public struct UpdateRule<Scalar: TensorScalar>: Sendable {
    public enum Kind: Sendable { case sgd, momentum, nesterov, rmsprop, adam }
    public var kind: Kind
    public var learningRate: Scalar
    /// Decoupled weight decay: `w -= weightDecay * w` (the assignment's definition).
    public var weightDecay: Scalar = 0
    /// Coupled L2 (Adam): `g += l2 * w` before the moments.
    public var l2: Scalar = 0
    /// Momentum's `mu`, RMSprop's decay, Adam's beta1.
    public var beta1: Scalar = 0.9
    /// Adam's beta2.
    public var beta2: Scalar = 0.999
    public var epsilon: Scalar = 1e-8
    public var step = 1

    public init(_ kind: Kind, learningRate: Scalar) {
        self.kind = kind
        self.learningRate = learningRate
    }
}

/// Applies `rule` to `count` weights in place. `first` and `second` are the rule's state
/// (velocity; RMSprop's cache; Adam's m and v), updated in place too.
func updateKernel<S: TensorScalar>(_ rule: UpdateRule<S>, _ w: UnsafeMutablePointer<S>, _ g: UnsafePointer<S>,
                                   _ first: UnsafeMutablePointer<S>?, _ second: UnsafeMutablePointer<S>?, count: Int) {
    let lr = rule.learningRate, wd = rule.weightDecay
    switch rule.kind {
    case .sgd:
        // w = w - lr * dw - wd * w
        for i in 0..<count { w[i] = w[i] - lr * g[i] - wd * w[i] }
    case .momentum, .nesterov:
        // v = mu * v - lr * dw;  w += v   (Nesterov: w += -mu * v_old + (1 + mu) * v)
        let mu = rule.beta1, v = first!
        if rule.kind == .momentum {
            for i in 0..<count {
                v[i] = mu * v[i] - lr * g[i]
                w[i] = w[i] + v[i] - wd * w[i]
            }
        } else {
            for i in 0..<count {
                let old = v[i]
                v[i] = mu * v[i] - lr * g[i]
                w[i] = w[i] - mu * old + (1 + mu) * v[i] - wd * w[i]
            }
        }
    case .rmsprop:
        // c = d * c + (1 - d) dw^2;  w -= lr * dw / (sqrt(c) + eps)
        let d = rule.beta1, c = first!
        for i in 0..<count {
            c[i] = d * c[i] + (1 - d) * g[i] * g[i]
            w[i] = w[i] - lr * g[i] / (c[i].squareRoot() + rule.epsilon) - wd * w[i]
        }
    case .adam:
        // m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  w -= lr * mhat / (sqrt(vhat) + eps)
        let (b1, b2, m, v) = (rule.beta1, rule.beta2, first!, second!)
        let c1 = 1 - S(Double.pow(Double(b1), rule.step)), c2 = 1 - S(Double.pow(Double(b2), rule.step))
        for i in 0..<count {
            let gi = g[i] + rule.l2 * w[i]
            m[i] = b1 * m[i] + (1 - b1) * gi
            v[i] = b2 * v[i] + (1 - b2) * gi * gi
            w[i] = w[i] - lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + rule.epsilon) - wd * w[i]
        }
    }
}

extension Double {
    /// `base ** exponent` for a whole exponent by repeated squaring (exact for small powers).
    static func pow(_ base: Double, _ exponent: Int) -> Double {
        var (result, square, n) = (1.0, base, exponent)
        while n > 0 {
            if n & 1 == 1 { result *= square }
            square *= square
            n >>= 1
        }
        return result
    }
}

extension Tensor {
    /// Applies an optimiser's update rule in place, with its state tensors (none for SGD, the
    /// velocity or cache for momentum and RMSprop, m and v for Adam) updated in place too.
    ///
    /// ```swift
    /// var state = [Tensor<Float>.zeros(w.shape), .zeros(w.shape)]
    /// w.applyUpdate(UpdateRule(.adam, learningRate: 1e-3), gradient: g, state: &state)
    /// ```
    public mutating func applyUpdate(_ rule: UpdateRule<Scalar>, gradient: Tensor, state: inout [Tensor]) {
        let needed = rule.kind == .sgd ? 0 : rule.kind == .adam ? 2 : 1
        check(state.count == needed, "applyUpdate: \(rule.kind) keeps \(needed) state tensors, got \(state.count)")
        check(gradient.shape == shape && state.allSatisfy { $0.shape == shape },
              "applyUpdate: weight \(describe(shape)), gradient \(describe(gradient.shape)) and state \(state.map { describe($0.shape) }) differ")
        let n = count
        withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                switch needed {
                case 0:
                    Scalar._update(rule, w.baseAddress!, g.baseAddress!, nil, nil, count: n)
                case 1:
                    state[0].withUnsafeMutableBufferPointer { first in
                        Scalar._update(rule, w.baseAddress!, g.baseAddress!, first.baseAddress!, nil, count: n)
                    }
                default:
                    // Through the array's buffer: two elements written at once without copying either.
                    state.withUnsafeMutableBufferPointer { tensors in
                        tensors[0].withUnsafeMutableBufferPointer { first in
                            tensors[1].withUnsafeMutableBufferPointer { second in
                                Scalar._update(rule, w.baseAddress!, g.baseAddress!, first.baseAddress!, second.baseAddress!, count: n)
                            }
                        }
                    }
                }
            }
        }
    }
}

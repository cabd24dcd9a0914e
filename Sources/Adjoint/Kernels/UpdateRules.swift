// The optimisers' update rules as fused in-place loops. Written as tensor expressions, Adam
// makes about fourteen passes over every parameter and allocates as many temporaries; here it
// makes one pass and allocates nothing, which matters because a training step's update touches
// every weight while its matrix products are bound by arithmetic.

/// An update rule and its hyperparameters, as the optimisers of the neural-network library use
/// them. `step` is the 1-based step count (Adam's bias correction).
///
/// ```swift
/// var rule = UpdateRule<Float>(.adam, learningRate: 1e-3)
/// rule.step = 1
/// ```
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
/// (velocity; RMSprop's cache; Adam's m and v), updated in place too. Large tensors are split
/// into chunks that run on all cores; each chunk runs eight lanes at a time.
func updateKernel<S: TensorScalar>(_ rule: UpdateRule<S>, _ w: UnsafeMutablePointer<S>, _ g: UnsafePointer<S>,
                                   _ first: UnsafeMutablePointer<S>?, _ second: UnsafeMutablePointer<S>?, count: Int) {
    let chunk = 1 << 15
    let chunks = (count + chunk - 1) / chunk
    let run = { (c: Int) in
        let start = c * chunk, n = min(chunk, count - start)
        updateChunk(rule, w + start, g + start, first.map { $0 + start }, second.map { $0 + start }, count: n)
    }
    if chunks > 1 { parallelFor(chunks, run) } else if chunks == 1 { run(0) }
}

private func updateChunk<S: TensorScalar>(_ rule: UpdateRule<S>, _ w: UnsafeMutablePointer<S>, _ g: UnsafePointer<S>,
                                          _ first: UnsafeMutablePointer<S>?, _ second: UnsafeMutablePointer<S>?, count: Int) {
    typealias V = SIMD8<S>
    let lr = V(repeating: rule.learningRate), wd = V(repeating: rule.weightDecay)
    switch rule.kind {
    case .sgd:
        // w = w - lr * dw - wd * w
        forEachVector(count, w, g, nil, nil) { w, g, _, _ in w = w - lr * g - wd * w }
    case .momentum:
        // v = mu * v - lr * dw;  w += v
        let mu = V(repeating: rule.beta1)
        forEachVector(count, w, g, first, nil) { w, g, v, _ in
            v = mu * v - lr * g
            w = w + v - wd * w
        }
    case .nesterov:
        // v = mu * v - lr * dw;  w += -mu * v_old + (1 + mu) * v
        let mu = V(repeating: rule.beta1)
        forEachVector(count, w, g, first, nil) { w, g, v, _ in
            let old = v
            v = mu * v - lr * g
            w = w - mu * old + (1 + mu) * v - wd * w
        }
    case .rmsprop:
        // c = d * c + (1 - d) dw^2;  w -= lr * dw / (sqrt(c) + eps)
        let d = V(repeating: rule.beta1), eps = V(repeating: rule.epsilon)
        forEachVector(count, w, g, first, nil) { w, g, c, _ in
            c = d * c + (1 - d) * g * g
            w = w - lr * g / (c.squareRoot() + eps) - wd * w
        }
    case .adam:
        // m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  w -= lr * mhat / (sqrt(vhat) + eps)
        let b1 = V(repeating: rule.beta1), b2 = V(repeating: rule.beta2), eps = V(repeating: rule.epsilon)
        let l2 = V(repeating: rule.l2)
        let c1 = V(repeating: 1 - S(Double.pow(Double(rule.beta1), rule.step)))
        let c2 = V(repeating: 1 - S(Double.pow(Double(rule.beta2), rule.step)))
        forEachVector(count, w, g, first, second) { w, g, m, v in
            let gi = g + l2 * w
            m = b1 * m + (1 - b1) * gi
            v = b2 * v + (1 - b2) * gi * gi
            w = w - lr * (m / c1) / ((v / c2).squareRoot() + eps) - wd * w
        }
    }
}

/// Runs `body` over eight-lane vectors of the weights, gradient and state; the last partial
/// vector is padded with zeros and only its real lanes are written back.
@inline(__always)
private func forEachVector<S: TensorScalar>(_ count: Int, _ w: UnsafeMutablePointer<S>, _ g: UnsafePointer<S>,
                                            _ a: UnsafeMutablePointer<S>?, _ b: UnsafeMutablePointer<S>?,
                                            _ body: (inout SIMD8<S>, SIMD8<S>, inout SIMD8<S>, inout SIMD8<S>) -> Void) {
    typealias V = SIMD8<S>
    func load(_ p: UnsafePointer<S>?, _ i: Int, _ lanes: Int) -> V {
        guard let p else { return V() }
        if lanes == 8 { return UnsafeRawPointer(p + i).loadUnaligned(as: V.self) }
        var v = V()
        for l in 0..<lanes { v[l] = p[i + l] }
        return v
    }
    func store(_ v: V, _ p: UnsafeMutablePointer<S>?, _ i: Int, _ lanes: Int) {
        guard let p else { return }
        if lanes == 8 { UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: V.self); return }
        for l in 0..<lanes { p[i + l] = v[l] }
    }
    var i = 0
    while i < count {
        let lanes = min(8, count - i)
        var vw = load(w, i, lanes), va = load(a, i, lanes), vb = load(b, i, lanes)
        body(&vw, load(g, i, lanes), &va, &vb)
        store(vw, w, i, lanes)
        store(va, a, i, lanes)
        store(vb, b, i, lanes)
        i += 8
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

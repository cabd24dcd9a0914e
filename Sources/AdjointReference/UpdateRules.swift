// The optimisers' update rules as the assignments define them, one parameter tensor at a time.
// Weight decay here is decoupled: it subtracts `weightDecay * w` (the pre-step weights)
// directly, outside the learning rate, instead of adding a penalty to the gradient.

extension Reference {
    /// SGD with optional decoupled weight decay: `w = w - lr * dw - weightDecay * w`.
    ///
    /// With plain SGD this equals adding `l2Penalty(w, lambda: weightDecay / (2 * lr))` to the loss.
    ///
    /// ```swift
    /// Reference.sgdStep(&w, dw, learningRate: 1e-3, weightDecay: 1e-4)
    /// ```
    public static func sgdStep<S: TensorScalar>(_ w: inout Tensor<S>, _ dw: Tensor<S>, learningRate: S,
                                                weightDecay: S = 0) {
        w = w - learningRate * dw - weightDecay * w
    }

    /// SGD with momentum: `v = momentum * v - lr * dw; w = w + v`. Start `velocity` at zeros.
    ///
    /// ```swift
    /// var velocity = Tensor<Double>.zeros(w.shape)
    /// Reference.sgdMomentumStep(&w, dw, velocity: &velocity, learningRate: 1e-2)
    /// ```
    public static func sgdMomentumStep<S: TensorScalar>(_ w: inout Tensor<S>, _ dw: Tensor<S>,
                                                        velocity: inout Tensor<S>, learningRate: S,
                                                        momentum: S = 0.9) {
        velocity = momentum * velocity - learningRate * dw
        w = w + velocity
    }

    /// RMSprop: `cache = decay * cache + (1 - decay) * dw^2; w = w - lr * dw / (sqrt(cache) + eps)`.
    /// Start `cache` at zeros.
    ///
    /// ```swift
    /// var cache = Tensor<Double>.zeros(w.shape)
    /// Reference.rmspropStep(&w, dw, cache: &cache, learningRate: 1e-2)
    /// ```
    public static func rmspropStep<S: TensorScalar>(_ w: inout Tensor<S>, _ dw: Tensor<S>,
                                                    cache: inout Tensor<S>, learningRate: S,
                                                    decayRate: S = 0.99, epsilon: S = 1e-8) {
        cache = decayRate * cache + (1 - decayRate) * dw.squared()
        w = w - learningRate * dw / (cache.sqrt() + epsilon)
    }

    /// Adam's moments and step count for one parameter tensor.
    ///
    /// ```swift
    /// var state = Reference.AdamState(like: w)   // m = v = 0, t = 0
    /// ```
    public struct AdamState<S: TensorScalar> {
        /// The first moment, a running mean of the gradient.
        public var m: Tensor<S>
        /// The second moment, a running mean of the squared gradient.
        public var v: Tensor<S>
        /// The number of steps taken; `adamStep` increments it before using it.
        ///
        /// ```swift
        /// Reference.adamStep(&w, dw, state: &state, learningRate: 1e-2)   // state.t == 1 after the first step
        /// ```
        public var t: Int

        /// State from given moments and step count, for example to continue from another run.
        ///
        /// ```swift
        /// var state = Reference.AdamState(m: m, v: v, t: 10)
        /// ```
        public init(m: Tensor<S>, v: Tensor<S>, t: Int) {
            (self.m, self.v, self.t) = (m, v, t)
        }

        /// Zero moments of `w`'s shape and no steps taken.
        ///
        /// ```swift
        /// var state = Reference.AdamState(like: w)   // m = v = 0, t = 0
        /// ```
        public init(like w: Tensor<S>) {
            self.init(m: .zeros(w.shape), v: .zeros(w.shape), t: 0)
        }
    }

    /// Adam: `t += 1` first; `m = b1 m + (1 - b1) dw`, `v = b2 v + (1 - b2) dw^2`,
    /// `mhat = m / (1 - b1^t)`, `vhat = v / (1 - b2^t)`,
    /// `w = w - lr * mhat / (sqrt(vhat) + eps) - weightDecay * w` (decoupled decay: AdamW).
    ///
    /// ```swift
    /// var state = Reference.AdamState(like: w)
    /// Reference.adamStep(&w, dw, state: &state, learningRate: 1e-2)
    /// ```
    public static func adamStep<S: TensorScalar>(_ w: inout Tensor<S>, _ dw: Tensor<S>,
                                                 state: inout AdamState<S>, learningRate: S,
                                                 beta1: S = 0.9, beta2: S = 0.999, epsilon: S = 1e-8,
                                                 weightDecay: S = 0) {
        state.t += 1
        state.m = beta1 * state.m + (1 - beta1) * dw
        state.v = beta2 * state.v + (1 - beta2) * dw.squared()
        let mhat = state.m / (1 - power(beta1, state.t))
        let vhat = state.v / (1 - power(beta2, state.t))
        w = w - learningRate * mhat / (vhat.sqrt() + epsilon) - weightDecay * w
    }

    /// `base^exponent` by repeated multiplication, so Float and Double share one code path.
    static func power<S: TensorScalar>(_ base: S, _ exponent: Int) -> S {
        (0..<exponent).reduce(1) { result, _ in result * base }
    }
}

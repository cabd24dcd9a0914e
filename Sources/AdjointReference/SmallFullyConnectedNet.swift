// The small network of the CIFAR-100 assignment: FC -> GELU -> FC with a softmax loss.

extension Reference {
    /// `fc1 -> GELU -> fc2 -> softmax cross-entropy` with parameters `fc1_w (D, H)`,
    /// `fc1_b (H,)`, `fc2_w (H, C)`, `fc2_b (C,)` and no penalty (that assignment regularised
    /// in the training loop, with `l1Penalty` / `l2Penalty`). Inputs of any rank are flattened,
    /// so this is also the assignment's `Flatten -> FC -> GELU -> FC` "TinyNet".
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// var net = Reference.SmallFullyConnectedNet<Double>(inputDim: 4, hiddenDim: 30, numClasses: 7,
    ///                                                    using: &rng)
    /// net.params["fc1_w"] = Tensor(linspace: -0.7, 0.3, count: 120).reshaped([4, 30])
    /// let (loss, grads) = net.loss(x, [0, 5, 1, 4])
    /// ```
    public struct SmallFullyConnectedNet<S: TensorScalar> {
        /// `fc1_w`, `fc1_b`, `fc2_w`, `fc2_b`.
        ///
        /// ```swift
        /// var net = Reference.SmallFullyConnectedNet<Double>(inputDim: 4, hiddenDim: 30, numClasses: 7, using: &rng)
        /// net.params["fc1_w"] = Tensor(linspace: -0.7, 0.3, count: 120).reshaped([4, 30])
        /// ```
        public var params: [String: Tensor<S>]

        /// Weights from `N(0, weightScale^2)` (drawn `fc1_w` then `fc2_w`), biases 0.
        ///
        /// ```swift
        /// var rng = SeededGenerator(seed: 0)
        /// let net = Reference.SmallFullyConnectedNet<Double>(inputDim: 4, hiddenDim: 30, numClasses: 7, using: &rng)
        /// ```
        public init(inputDim: Int, hiddenDim: Int, numClasses: Int, weightScale: S = 0.02,
                    using rng: inout SeededGenerator) {
            params = [
                "fc1_w": .randn([inputDim, hiddenDim], std: weightScale, using: &rng),
                "fc1_b": .zeros([hiddenDim]),
                "fc2_w": .randn([hiddenDim, numClasses], std: weightScale, using: &rng),
                "fc2_b": .zeros([numClasses]),
            ]
        }

        /// The class scores `(N, C)`.
        ///
        /// ```swift
        /// let net = Reference.SmallFullyConnectedNet<Double>(inputDim: 4, hiddenDim: 30, numClasses: 7, using: &rng)
        /// let scores = net.scores(x)   // (N, 4) -> (N, 7)
        /// ```
        public func scores(_ x: Tensor<S>) -> Tensor<S> {
            forward(x).scores
        }

        /// The mean softmax cross-entropy and the gradient of every parameter.
        ///
        /// ```swift
        /// let net = Reference.SmallFullyConnectedNet<Double>(inputDim: 4, hiddenDim: 30, numClasses: 7, using: &rng)
        /// let (loss, grads) = net.loss(x, [0, 5, 1, 4])   // grads["fc1_w"]: (4, 30)
        /// ```
        public func loss(_ x: Tensor<S>, _ y: [Int]) -> (loss: S, grads: [String: Tensor<S>]) {
            let (scores, fc1Cache, geluCache, fc2Cache) = forward(x)
            let (loss, dscores) = softmaxLoss(scores, y)
            let (dactivation, dw2, db2) = affineBackward(dscores, cache: fc2Cache)
            let dhidden = geluBackward(dactivation, cache: geluCache)
            let (_, dw1, db1) = affineBackward(dhidden, cache: fc1Cache)
            return (loss, ["fc1_w": dw1, "fc1_b": db1, "fc2_w": dw2, "fc2_b": db2])
        }

        private func forward(_ x: Tensor<S>)
            -> (scores: Tensor<S>, AffineCache<S>, Tensor<S>, AffineCache<S>) {
            let (hidden, fc1Cache) = affineForward(x, params["fc1_w"]!, params["fc1_b"]!)
            let (activation, geluCache) = geluForward(hidden)
            let (scores, fc2Cache) = affineForward(activation, params["fc2_w"]!, params["fc2_b"]!)
            return (scores, fc1Cache, geluCache, fc2Cache)
        }
    }
}

// The CIFAR-100 assignment's test CNN: conv - max pool - flatten - affine - softmax.

extension Reference {
    /// `conv k3 (3 -> 3, stride 1, pad 0) - max pool 2/2 - flatten - affine (27 -> 5) - softmax`
    /// on `(N, 8, 8, 3)` images, with parameters `conv_w (3, 3, 3, 3)`, `conv_b (3,)`,
    /// `fc_w (27, 5)`, `fc_b (5,)` and no penalty.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// var net = Reference.TestCNN<Double>(using: &rng)
    /// net.params["conv_w"] = Tensor(linspace: -0.7, 0.3, count: 81).reshaped([3, 3, 3, 3])
    /// let (loss, grads) = net.loss(x, [0, 2, 1, 4])
    /// ```
    public struct TestCNN<S: TensorScalar> {
        /// `conv_w`, `conv_b`, `fc_w`, `fc_b`.
        ///
        /// ```swift
        /// var net = Reference.TestCNN<Double>(using: &rng)
        /// net.params["conv_w"] = Tensor(linspace: -0.7, 0.3, count: 81).reshaped([3, 3, 3, 3])
        /// ```
        public var params: [String: Tensor<S>]

        /// Weights from `N(0, weightScale^2)` (drawn `conv_w` then `fc_w`), biases 0.
        ///
        /// ```swift
        /// var rng = SeededGenerator(seed: 0)
        /// let net = Reference.TestCNN<Double>(using: &rng)
        /// ```
        public init(weightScale: S = 0.02, using rng: inout SeededGenerator) {
            params = [
                "conv_w": .randn([3, 3, 3, 3], std: weightScale, using: &rng),
                "conv_b": .zeros([3]),
                "fc_w": .randn([27, 5], std: weightScale, using: &rng),
                "fc_b": .zeros([5]),
            ]
        }

        /// The class scores `(N, 5)`.
        ///
        /// ```swift
        /// let net = Reference.TestCNN<Double>(using: &rng)
        /// let scores = net.scores(x)   // (4, 8, 8, 3) -> (4, 5)
        /// ```
        public func scores(_ x: Tensor<S>) -> Tensor<S> {
            forward(x).scores
        }

        /// The mean softmax cross-entropy and the gradient of every parameter.
        ///
        /// ```swift
        /// let net = Reference.TestCNN<Double>(using: &rng)
        /// let (loss, grads) = net.loss(x, [0, 2, 1, 4])   // grads["conv_w"]: (3, 3, 3, 3)
        /// ```
        public func loss(_ x: Tensor<S>, _ y: [Int]) -> (loss: S, grads: [String: Tensor<S>]) {
            let (scores, convCache, poolCache, flatShape, fcCache) = forward(x)
            let (loss, dscores) = softmaxLoss(scores, y)
            let (dflat, dfcW, dfcB) = affineBackward(dscores, cache: fcCache)
            let dpooled = maxPoolBackward(flattenBackward(dflat, cache: flatShape), cache: poolCache)
            let (_, dconvW, dconvB) = conv2dBackward(dpooled, cache: convCache)
            return (loss, ["conv_w": dconvW, "conv_b": dconvB, "fc_w": dfcW, "fc_b": dfcB])
        }

        private func forward(_ x: Tensor<S>)
            -> (scores: Tensor<S>, Conv2DCache<S>, MaxPoolCache<S>, [Int], AffineCache<S>) {
            let (convolved, convCache) = conv2dForward(x, params["conv_w"]!, params["conv_b"]!, stride: 1, padding: 0)
            let (pooled, poolCache) = maxPoolForward(convolved, pool: 2, stride: 2)
            let (flat, flatShape) = flattenForward(pooled)
            let (scores, fcCache) = affineForward(flat, params["fc_w"]!, params["fc_b"]!)
            return (scores, convCache, poolCache, flatShape, fcCache)
        }
    }
}

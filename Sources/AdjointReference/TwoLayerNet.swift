// The two-layer net of the assignments: affine - relu - affine - softmax.

extension Reference {
    /// A two-layer fully connected net, `affine - relu - affine - softmax`, with parameters
    /// `W1 (D, H)`, `b1 (H,)`, `W2 (H, C)`, `b2 (C,)` and an L2 penalty on `W1` and `W2`.
    ///
    /// The assignments spell the penalty two ways. The CS231n-derived one (dropout/batchnorm
    /// transcript: "an added cost 0.5*self.reg*W^2 for each W", gradient `reg * W`) is the
    /// default, `.halfSumOfSquares`; the EECS 498 ones (the report: `reg * sum(W^2)`,
    /// gradient `2 * reg * W`) are `.sumOfSquares`.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let net = Reference.TwoLayerNet<Double>(inputDim: 5, hiddenDim: 50, numClasses: 7,
    ///                                         weightScale: 1e-3, reg: 0.7, using: &rng)
    /// let (loss, grads) = net.loss(x, y)      // grads["W1"], grads["b1"], ...
    /// ```
    public struct TwoLayerNet<S: TensorScalar> {
        /// `W1`, `b1`, `W2`, `b2`.
        public var params: [String: Tensor<S>]
        /// The L2 penalty strength on `W1` and `W2`; `l2Spelling` says which penalty.
        public var reg: S
        /// Which L2 penalty `reg` means; `0.5 * reg * sum(W^2)` by default.
        public var l2Spelling: L2Spelling

        /// Weights from `N(0, weightScale^2)` (drawn `W1` then `W2`), biases 0.
        ///
        /// ```swift
        /// var rng = SeededGenerator(seed: 0)
        /// let net = Reference.TwoLayerNet<Double>(inputDim: 5, hiddenDim: 50, numClasses: 7, reg: 0.7, using: &rng)
        /// ```
        public init(inputDim: Int = 3 * 32 * 32, hiddenDim: Int = 100, numClasses: Int = 10,
                    weightScale: S = 1e-3, reg: S = 0, l2Spelling: L2Spelling = .halfSumOfSquares,
                    using rng: inout SeededGenerator) {
            params = [
                "W1": .randn([inputDim, hiddenDim], std: weightScale, using: &rng),
                "b1": .zeros([hiddenDim]),
                "W2": .randn([hiddenDim, numClasses], std: weightScale, using: &rng),
                "b2": .zeros([numClasses]),
            ]
            self.reg = reg
            self.l2Spelling = l2Spelling
        }

        /// The class scores `(N, C)` for inputs `(N, d1, ..., dk)`.
        ///
        /// ```swift
        /// let net = Reference.TwoLayerNet<Double>(inputDim: 5, hiddenDim: 50, numClasses: 7, using: &rng)
        /// let scores = net.scores(x)   // (N, 5) -> (N, 7)
        /// ```
        public func scores(_ x: Tensor<S>) -> Tensor<S> {
            forward(x).scores
        }

        /// The softmax loss plus the L2 penalty, and the gradient of every parameter.
        ///
        /// ```swift
        /// let net = Reference.TwoLayerNet<Double>(inputDim: 5, hiddenDim: 50, numClasses: 7, using: &rng)
        /// let (loss, grads) = net.loss(x, y)   // grads["W1"], grads["b1"], grads["W2"], grads["b2"]
        /// ```
        public func loss(_ x: Tensor<S>, _ y: [Int]) -> (loss: S, grads: [String: Tensor<S>]) {
            let (scores, hiddenCache, scoresCache) = forward(x)
            var (loss, dscores) = softmaxLoss(scores, y)
            let penalty1 = l2Spelling.penalty(params["W1"]!, strength: reg)
            let penalty2 = l2Spelling.penalty(params["W2"]!, strength: reg)
            loss += penalty1.loss + penalty2.loss

            let (dhidden, dW2, db2) = affineBackward(dscores, cache: scoresCache)
            let (_, dW1, db1) = affineReluBackward(dhidden, cache: hiddenCache)
            return (loss, ["W1": dW1 + penalty1.dw, "b1": db1, "W2": dW2 + penalty2.dw, "b2": db2])
        }

        private func forward(_ x: Tensor<S>) -> (scores: Tensor<S>, AffineReluCache<S>, AffineCache<S>) {
            let (hidden, hiddenCache) = affineReluForward(x, params["W1"]!, params["b1"]!)
            let (scores, scoresCache) = affineForward(hidden, params["W2"]!, params["b2"]!)
            return (scores, hiddenCache, scoresCache)
        }
    }
}

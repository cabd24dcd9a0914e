// The multi-layer fully connected net of the assignments:
// {affine - [batchnorm] - relu - [dropout]} x (L - 1) - affine - softmax.

extension Reference {
    /// A fully connected net with any number of hidden layers, optional batch normalisation
    /// and dropout, a softmax loss and an L2 penalty on the weights (not on biases, gammas or
    /// betas). Parameters are `W1, b1, ..., WL, bL` and, with batchnorm, `gamma1, beta1, ...,
    /// gamma(L-1), beta(L-1)`.
    ///
    /// Conventions, from the transcripts:
    /// - The penalty defaults to `.halfSumOfSquares`, `0.5 * reg * sum(W^2)`: the only
    ///   transcript with batchnorm (the CS231n-derived dropout/batchnorm one) says "Be sure
    ///   your L2 regularization includes a 0.5 factor". The EECS 498 nets (the Chinese
    ///   transcript's reg = 3.14 check, whose initial loss of 12.28 only fits `reg * sum(W^2)`,
    ///   and the report's `self.reg * torch.sum(torch.square(W))`) are `.sumOfSquares`.
    /// - Dropout takes its convention explicitly: the CS231n-derived transcript's `dropout=p`
    ///   is a keep probability (`.keep(p)`: "We keep each neuron output with probability p",
    ///   and `p = 0.3` zeroes 70 %), the EECS 498 ones' is a drop probability (`.drop(p)`:
    ///   `p = 0.25` zeroes 25 %). Either way 0 means no dropout.
    /// - With a `seed`, every training pass draws the masks of hidden layer `i` (from 1) from a
    ///   fresh `SeededGenerator(seed: seed &+ UInt64(i))`, one `U[0, 1)` per activation, so
    ///   repeated passes use the same masks (what gradient checking needs). The transcript
    ///   re-seeds before each dropout layer separately (`np.random.seed` inside
    ///   `dropout_forward`, with the same seed each time); offsetting the seed by the layer
    ///   number is `AdjointNN.FullyConnectedNet`'s rule, so with equal seeds the two nets draw
    ///   the same masks. Without a seed, every layer draws from `dropoutGenerator`, which
    ///   advances from pass to pass.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// var net = Reference.FullyConnectedNet<Double>(hiddenDims: [20, 30], inputDim: 15, numClasses: 10,
    ///                                               dropout: .drop(0.25), useBatchnorm: true,
    ///                                               reg: 3.14, weightScale: 5e-2, seed: 123, using: &rng)
    /// let (loss, grads) = net.loss(x, y)     // training pass: batch statistics, dropout
    /// let scores = net.scores(x)             // test pass: running statistics, no dropout
    /// ```
    public struct FullyConnectedNet<S: TensorScalar> {
        /// `W1, b1, ..., WL, bL` and, with batchnorm, `gamma1, beta1, ...`.
        public var params: [String: Tensor<S>]
        /// One per hidden layer when batchnorm is on, else empty. Training passes update them.
        public var running: [BatchNormRunning<S>]
        /// The number of affine layers, `hiddenDims.count + 1`.
        public let numLayers: Int
        /// Whether each hidden layer has batchnorm between its affine layer and its ReLU; fixed at init.
        public let useBatchnorm: Bool
        /// The dropout after every hidden layer; `.drop(0)` for none.
        public var dropout: DropoutProbability<S>
        /// The L2 penalty strength on the weights; `l2Spelling` says which penalty.
        public var reg: S
        /// Which L2 penalty `reg` means; `0.5 * reg * sum(W^2)` by default.
        public var l2Spelling: L2Spelling
        /// The momentum of the running statistics' update in training passes.
        public var batchnormMomentum: S = 0.9
        /// The `eps` added to the variance before the square root.
        public var batchnormEps: S = 1e-5
        /// When set, every training pass restarts hidden layer `i`'s dropout masks from `seed &+ i`.
        public var seed: UInt64?
        /// The masks' generator when `seed` is nil.
        public var dropoutGenerator: SeededGenerator

        /// Weights from `N(0, weightScale^2)` drawn layer by layer from `rng`, biases and betas
        /// 0, gammas 1, running statistics 0; `dropoutGenerator` is then seeded from `rng`.
        ///
        /// ```swift
        /// var rng = SeededGenerator(seed: 0)
        /// let net = Reference.FullyConnectedNet<Double>(hiddenDims: [100, 100], dropout: .keep(0.5), using: &rng)
        /// ```
        public init(hiddenDims: [Int], inputDim: Int = 3 * 32 * 32, numClasses: Int = 10,
                    dropout: DropoutProbability<S> = .drop(0), useBatchnorm: Bool = false,
                    reg: S = 0, l2Spelling: L2Spelling = .halfSumOfSquares, weightScale: S = 1e-2,
                    seed: UInt64? = nil, using rng: inout SeededGenerator) {
            dropout.validate()
            let sizes = [inputDim] + hiddenDims + [numClasses]
            numLayers = hiddenDims.count + 1
            params = [:]
            for layer in 1...numLayers {
                params["W\(layer)"] = .randn([sizes[layer - 1], sizes[layer]], std: weightScale, using: &rng)
                params["b\(layer)"] = .zeros([sizes[layer]])
                if useBatchnorm && layer < numLayers {
                    params["gamma\(layer)"] = .ones([sizes[layer]])
                    params["beta\(layer)"] = .zeros([sizes[layer]])
                }
            }
            running = useBatchnorm ? hiddenDims.map { BatchNormRunning(features: $0) } : []
            self.useBatchnorm = useBatchnorm
            self.dropout = dropout
            self.reg = reg
            self.l2Spelling = l2Spelling
            self.seed = seed
            dropoutGenerator = SeededGenerator(seed: rng.next())
        }

        /// Test-time class scores: batchnorm with the running statistics, no dropout.
        ///
        /// ```swift
        /// var net = Reference.FullyConnectedNet<Double>(hiddenDims: [20, 30], inputDim: 15, numClasses: 10, using: &rng)
        /// let scores = net.scores(x)   // (N, D) -> (N, C); running statistics unchanged
        /// ```
        public func scores(_ x: Tensor<S>) -> Tensor<S> {
            var unchanged = running
            var unused = maskGenerators()
            return forward(x, mode: .test, running: &unchanged, generators: &unused).scores
        }

        /// A training pass: the softmax loss plus the L2 penalty, and the gradient of every
        /// parameter. Updates the running statistics (and `dropoutGenerator` without a seed).
        ///
        /// ```swift
        /// var net = Reference.FullyConnectedNet<Double>(hiddenDims: [20, 30], inputDim: 15, numClasses: 10, using: &rng)
        /// let (loss, grads) = net.loss(x, y)   // grads["W1"], grads["b1"], ..., grads["gamma1"] with batchnorm
        /// ```
        public mutating func loss(_ x: Tensor<S>, _ y: [Int]) -> (loss: S, grads: [String: Tensor<S>]) {
            var generators = maskGenerators()
            let (scores, hidden, last) = forward(x, mode: .train, running: &running, generators: &generators)
            if seed == nil { dropoutGenerator = generators[0] }

            var (loss, dscores) = softmaxLoss(scores, y)
            var grads: [String: Tensor<S>] = [:]
            // Layer L's gradients come from the output affine layer; every layer below takes
            // `dh` back through its dropout and its affine-[batchnorm]-relu block.
            var (dh, dw, db) = affineBackward(dscores, cache: last)
            for layer in stride(from: numLayers, through: 1, by: -1) {
                if layer < numLayers {
                    dh = dropoutBackward(dh, cache: hidden[layer - 1].dropout)
                    switch hidden[layer - 1].block {
                    case .affineRelu(let cache):
                        (dh, dw, db) = affineReluBackward(dh, cache: cache)
                    case .affineBatchnormRelu(let cache):
                        let (dx, dwLayer, dbLayer, dgamma, dbeta) = affineBatchnormReluBackward(dh, cache: cache)
                        (dh, dw, db) = (dx, dwLayer, dbLayer)
                        grads["gamma\(layer)"] = dgamma
                        grads["beta\(layer)"] = dbeta
                    }
                }
                let l2 = penalty(layer)
                loss += l2.loss
                grads["W\(layer)"] = dw + l2.dw
                grads["b\(layer)"] = db
            }
            return (loss, grads)
        }

        /// The loss of a training pass alone, as `loss(_:_:)` computes it, without the backward
        /// pass and without touching the running statistics or `dropoutGenerator`: what a
        /// numerical gradient check evaluates.
        ///
        /// ```swift
        /// var net = Reference.FullyConnectedNet<Double>(hiddenDims: [20, 30], inputDim: 15, numClasses: 10, using: &rng)
        /// let numerical = numericalGradient(of: { w in var probe = net; probe.params["W1"] = w
        ///                                             return probe.trainingLoss(x, y) }, at: net.params["W1"]!)
        /// ```
        public func trainingLoss(_ x: Tensor<S>, _ y: [Int]) -> S {
            var scratchRunning = running
            var generators = maskGenerators()
            let scores = forward(x, mode: .train, running: &scratchRunning, generators: &generators).scores
            return stride(from: numLayers, through: 1, by: -1).reduce(softmaxLoss(scores, y).loss) {
                $0 + penalty($1).loss
            }
        }

        /// With a seed, one fresh generator per hidden layer (`seed &+ 1`, `seed &+ 2`, ...);
        /// without, `dropoutGenerator` alone, shared by all layers.
        private func maskGenerators() -> [SeededGenerator] {
            guard let seed else { return [dropoutGenerator] }
            return (1..<numLayers).map { SeededGenerator(seed: seed &+ UInt64($0)) }
        }

        private func penalty(_ layer: Int) -> (loss: S, dw: Tensor<S>) {
            l2Spelling.penalty(params["W\(layer)"]!, strength: reg)
        }

        private enum HiddenBlock {
            case affineRelu(AffineReluCache<S>)
            case affineBatchnormRelu(AffineBatchnormReluCache<S>)
        }

        private struct HiddenCache {
            let block: HiddenBlock
            let dropout: DropoutCache<S>
        }

        private func forward(_ x: Tensor<S>, mode: Mode, running: inout [BatchNormRunning<S>],
                             generators: inout [SeededGenerator])
            -> (scores: Tensor<S>, hidden: [HiddenCache], last: AffineCache<S>) {
            var h = x
            var hidden: [HiddenCache] = []
            for layer in 1..<numLayers {
                let (w, b) = (params["W\(layer)"]!, params["b\(layer)"]!)
                let block: HiddenBlock
                if useBatchnorm {
                    let (out, cache) = affineBatchnormReluForward(
                        h, w, b, gamma: params["gamma\(layer)"]!, beta: params["beta\(layer)"]!,
                        running: &running[layer - 1], mode: mode, momentum: batchnormMomentum, eps: batchnormEps)
                    (h, block) = (out, .affineBatchnormRelu(cache))
                } else {
                    let (out, cache) = affineReluForward(h, w, b)
                    (h, block) = (out, .affineRelu(cache))
                }
                let (dropped, dropoutCache) = dropoutForward(h, dropout, mode: mode,
                                                             using: &generators[seed == nil ? 0 : layer - 1])
                h = dropped
                hidden.append(HiddenCache(block: block, dropout: dropoutCache))
            }
            let (scores, last) = affineForward(h, params["W\(numLayers)"]!, params["b\(numLayers)"]!)
            return (scores, hidden, last)
        }
    }
}

// The "sandwich" layers: common chains of layers as one forward/backward pair.

extension Reference {
    /// What `affineReluBackward` needs: the affine layer's cache and ReLU's.
    ///
    /// ```swift
    /// let (hidden, cache) = Reference.affineReluForward(x, w1, b1)
    /// let (dx, dw, db) = Reference.affineReluBackward(dhidden, cache: cache)
    /// ```
    public struct AffineReluCache<S: TensorScalar> {
        /// The affine layer's cache.
        public let affine: AffineCache<S>
        /// ReLU's cache: its input, the affine output.
        public let relu: Tensor<S>
    }

    /// `relu(x_flat @ w + b)`.
    ///
    /// ```swift
    /// let (hidden, cache) = Reference.affineReluForward(x, w1, b1)
    /// ```
    public static func affineReluForward<S: TensorScalar>(_ x: Tensor<S>, _ w: Tensor<S>, _ b: Tensor<S>)
        -> (out: Tensor<S>, cache: AffineReluCache<S>) {
        let (a, affineCache) = affineForward(x, w, b)
        let (out, reluCache) = reluForward(a)
        return (out, AffineReluCache(affine: affineCache, relu: reluCache))
    }

    /// The backward of `affineReluForward`: ReLU's, then the affine layer's.
    ///
    /// ```swift
    /// let (hidden, cache) = Reference.affineReluForward(x, w1, b1)
    /// let (dx, dw, db) = Reference.affineReluBackward(dhidden, cache: cache)
    /// ```
    public static func affineReluBackward<S: TensorScalar>(_ dout: Tensor<S>, cache: AffineReluCache<S>)
        -> (dx: Tensor<S>, dw: Tensor<S>, db: Tensor<S>) {
        affineBackward(reluBackward(dout, cache: cache.relu), cache: cache.affine)
    }

    /// What `affineBatchnormReluBackward` needs: the caches of its three layers.
    ///
    /// ```swift
    /// let (hidden, cache) = Reference.affineBatchnormReluForward(x, w1, b1, gamma: g1, beta: be1,
    ///                                                           running: &running, mode: .train)
    /// let (dx, dw, db, dgamma, dbeta) = Reference.affineBatchnormReluBackward(dhidden, cache: cache)
    /// ```
    public struct AffineBatchnormReluCache<S: TensorScalar> {
        /// The affine layer's cache.
        public let affine: AffineCache<S>
        /// The batchnorm layer's cache.
        public let batchnorm: BatchNormCache<S>
        /// ReLU's cache: its input, the batchnorm output.
        public let relu: Tensor<S>
    }

    /// `relu(batchnorm(x_flat @ w + b))`, updating `running` in `.train` mode.
    ///
    /// ```swift
    /// var running = Reference.BatchNormRunning<Double>(features: 20)
    /// let (hidden, cache) = Reference.affineBatchnormReluForward(x, w1, b1, gamma: g1, beta: be1,
    ///                                                           running: &running, mode: .train)
    /// ```
    public static func affineBatchnormReluForward<S: TensorScalar>(
        _ x: Tensor<S>, _ w: Tensor<S>, _ b: Tensor<S>, gamma: Tensor<S>, beta: Tensor<S>,
        running: inout BatchNormRunning<S>, mode: Mode, momentum: S = 0.9, eps: S = 1e-5)
        -> (out: Tensor<S>, cache: AffineBatchnormReluCache<S>) {
        let (a, affineCache) = affineForward(x, w, b)
        let (normalised, batchnormCache) = batchnormForward(a, gamma: gamma, beta: beta, running: &running,
                                                            mode: mode, momentum: momentum, eps: eps)
        let (out, reluCache) = reluForward(normalised)
        return (out, AffineBatchnormReluCache(affine: affineCache, batchnorm: batchnormCache, relu: reluCache))
    }

    /// The backward of `affineBatchnormReluForward`.
    ///
    /// ```swift
    /// let (hidden, cache) = Reference.affineBatchnormReluForward(x, w1, b1, gamma: g1, beta: be1, running: &running, mode: .train)
    /// let (dx, dw, db, dgamma, dbeta) = Reference.affineBatchnormReluBackward(dhidden, cache: cache)
    /// ```
    public static func affineBatchnormReluBackward<S: TensorScalar>(_ dout: Tensor<S>,
                                                                    cache: AffineBatchnormReluCache<S>)
        -> (dx: Tensor<S>, dw: Tensor<S>, db: Tensor<S>, dgamma: Tensor<S>, dbeta: Tensor<S>) {
        let dnormalised = reluBackward(dout, cache: cache.relu)
        let (da, dgamma, dbeta) = batchnormBackward(dnormalised, cache: cache.batchnorm)
        let (dx, dw, db) = affineBackward(da, cache: cache.affine)
        return (dx, dw, db, dgamma, dbeta)
    }
}

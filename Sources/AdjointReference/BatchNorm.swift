// Batch normalisation over the batch axis of (N, D) activations, per feature.

extension Reference {
    /// The running mean and variance a batchnorm layer keeps for test time; both start at 0.
    ///
    /// ```swift
    /// var running = Reference.BatchNormRunning<Double>(features: 20)
    /// ```
    public struct BatchNormRunning<S: TensorScalar> {
        /// The running mean per feature; `.test` mode normalises with it.
        public var mean: Tensor<S>
        /// The running biased variance per feature; `.test` mode normalises with it.
        public var variance: Tensor<S>

        /// Zero mean and zero variance for `features` features.
        ///
        /// ```swift
        /// var running = Reference.BatchNormRunning<Double>(features: 20)   // mean and variance zeros([20])
        /// ```
        public init(features: Int) {
            mean = .zeros([features])
            variance = .zeros([features])
        }
    }

    /// What `batchnormBackward` needs.
    ///
    /// ```swift
    /// let (out, cache) = Reference.batchnormForward(x, gamma: gamma, beta: beta, running: &running, mode: .train)
    /// let (dx, dgamma, dbeta) = Reference.batchnormBackward(dout, cache: cache)
    /// ```
    public struct BatchNormCache<S: TensorScalar> {
        /// The normalised input `(x - mean) / sqrt(var + eps)`.
        public let xhat: Tensor<S>
        /// The scale the forward used; the backward multiplies `dout` by it.
        public let gamma: Tensor<S>
        /// `1 / sqrt(var + eps)` of the statistics used (batch or running).
        public let inverseStd: Tensor<S>
        /// The forward's mode: in `.train` the backward also goes through the batch mean and variance.
        public let mode: Mode
    }

    /// `out = gamma * xhat + beta` with `xhat = (x - mean) / sqrt(var + eps)`.
    ///
    /// `.train` normalises with the batch mean and biased variance and updates
    /// `running = momentum * running + (1 - momentum) * batch_stat`; `.test` normalises with
    /// `running` and leaves it unchanged.
    ///
    /// ```swift
    /// var running = Reference.BatchNormRunning<Double>(features: 3)
    /// let (out, cache) = Reference.batchnormForward(x, gamma: gamma, beta: beta,
    ///                                               running: &running, mode: .train)
    /// ```
    public static func batchnormForward<S: TensorScalar>(_ x: Tensor<S>, gamma: Tensor<S>, beta: Tensor<S>,
                                                         running: inout BatchNormRunning<S>, mode: Mode,
                                                         momentum: S = 0.9, eps: S = 1e-5)
        -> (out: Tensor<S>, cache: BatchNormCache<S>) {
        precondition(x.rank == 2, "batchnormForward: expects (N, D) input, got shape \(x.shape)")
        let centred: Tensor<S>, variance: Tensor<S>
        switch mode {
        case .train:
            let mean = x.mean(alongAxes: [0])
            centred = x - mean
            variance = centred.squared().mean(alongAxes: [0])
            running.mean = momentum * running.mean + (1 - momentum) * mean
            running.variance = momentum * running.variance + (1 - momentum) * variance
        case .test:
            centred = x - running.mean
            variance = running.variance
        }
        let inverseStd = 1 / (variance + eps).sqrt()
        let xhat = centred * inverseStd
        return (gamma * xhat + beta, BatchNormCache(xhat: xhat, gamma: gamma, inverseStd: inverseStd, mode: mode))
    }

    /// The compact backward: with `dxhat = dout * gamma`, in `.train` mode
    /// `dx = (1/N) / sqrt(var + eps) * (N dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))`
    /// (the mean and variance depend on `x`); in `.test` mode they are constants and
    /// `dx = dxhat / sqrt(running_var + eps)`. `dgamma = sum(dout * xhat)`, `dbeta = sum(dout)`;
    /// sums run over the batch axis.
    ///
    /// ```swift
    /// let (out, cache) = Reference.batchnormForward(x, gamma: gamma, beta: beta, running: &running, mode: .train)
    /// let (dx, dgamma, dbeta) = Reference.batchnormBackward(dout, cache: cache)
    /// ```
    public static func batchnormBackward<S: TensorScalar>(_ dout: Tensor<S>, cache: BatchNormCache<S>)
        -> (dx: Tensor<S>, dgamma: Tensor<S>, dbeta: Tensor<S>) {
        let dxhat = dout * cache.gamma
        let dx: Tensor<S>
        switch cache.mode {
        case .train:
            let n = S(dout.shape[0])
            let centred = n * dxhat - dxhat.sum(alongAxes: [0])
                - cache.xhat * (dxhat * cache.xhat).sum(alongAxes: [0])
            dx = cache.inverseStd / n * centred
        case .test:
            dx = dxhat * cache.inverseStd
        }
        return (dx, (dout * cache.xhat).sum(alongAxes: [0]), dout.sum(alongAxes: [0]))
    }
}

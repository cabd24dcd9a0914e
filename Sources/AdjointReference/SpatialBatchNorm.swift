// Spatial batch normalisation of (N, H, W, C) activations, per channel: the assignment's way,
// the vanilla batchnorm applied to the N*H*W rows of C channels.

extension Reference {
    /// `batchnormForward` on `x` `(N, H, W, C)` viewed as `(N*H*W, C)`: each channel's mean
    /// and biased variance are taken over the batch and both spatial axes; `running` holds
    /// one statistic per channel. The cache is the vanilla one, of the `(N*H*W, C)` view.
    ///
    /// ```swift
    /// var running = Reference.BatchNormRunning<Double>(features: 3)
    /// let (out, cache) = Reference.spatialBatchnormForward(x, gamma: gamma, beta: beta, running: &running, mode: .train)
    /// ```
    public static func spatialBatchnormForward<S: TensorScalar>(_ x: Tensor<S>, gamma: Tensor<S>, beta: Tensor<S>,
                                                                running: inout BatchNormRunning<S>, mode: Mode,
                                                                momentum: S = 0.9, eps: S = 1e-5)
        -> (out: Tensor<S>, cache: BatchNormCache<S>) {
        precondition(x.rank == 4, "spatialBatchnormForward: expects (N, H, W, C) input, got shape \(x.shape)")
        let channels = x.shape[3]
        let (out, cache) = batchnormForward(x.reshaped([-1, channels]), gamma: gamma, beta: beta, running: &running,
                                            mode: mode, momentum: momentum, eps: eps)
        return (out.reshaped(x.shape), cache)
    }

    /// The backward of `spatialBatchnormForward`: `batchnormBackward` on `dout` viewed as
    /// `(N*H*W, C)`, `dx` reshaped back; `dgamma` and `dbeta` sum over N, H and W.
    ///
    /// ```swift
    /// let (out, cache) = Reference.spatialBatchnormForward(x, gamma: gamma, beta: beta, running: &running, mode: .train)
    /// let (dx, dgamma, dbeta) = Reference.spatialBatchnormBackward(dout, cache: cache)
    /// ```
    public static func spatialBatchnormBackward<S: TensorScalar>(_ dout: Tensor<S>, cache: BatchNormCache<S>)
        -> (dx: Tensor<S>, dgamma: Tensor<S>, dbeta: Tensor<S>) {
        let (dx, dgamma, dbeta) = batchnormBackward(dout.reshaped([-1, dout.shape[3]]), cache: cache)
        return (dx.reshaped(dout.shape), dgamma, dbeta)
    }
}

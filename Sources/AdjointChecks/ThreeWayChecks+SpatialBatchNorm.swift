// Three-way checks of BatchNorm2D (per channel over N, H, W) against the reference spatial batchnorm.
import AdjointNN

extension ThreeWayChecks {
    /// `BatchNorm2D` on `(2, 3, 4, 3)` inputs far from zero mean and unit variance, in training
    /// mode (batch statistics over 24 values per channel) or in evaluation mode on given
    /// running statistics: `x`, `bn_gamma`, `bn_beta`.
    ///
    /// ```swift
    /// let check = ThreeWayChecks.spatialBatchnorm(training: true)   // "spatial batchnorm train [2, 3, 4, 3]"
    /// ```
    public static func spatialBatchnorm(training: Bool) -> ThreeWayCheck {
        var rng = SeededGenerator(seed: training ? 21 : 22)
        let (n, h, w, c) = (2, 3, 4, 3)
        let x = Variable(4 * Tensor<Double>.randn([n, h, w, c], using: &rng) + 7)
        let layer = BatchNorm2D<Double>(channels: c)
        layer.gamma.value = .randn([c], using: &rng)
        layer.beta.value = .randn([c], using: &rng)
        var running = Reference.BatchNormRunning<Double>(features: c)
        if !training {
            running.mean = 7 + Tensor<Double>.randn([c], using: &rng)
            running.variance = Tensor<Double>.randn([c], using: &rng).abs() + 9
            layer.runningMean.value = running.mean
            layer.runningVariance.value = running.variance
            layer.eval()
        }
        let frozen = running
        return ThreeWayCheck("spatial batchnorm \(training ? "train" : "eval") [2, 3, 4, 3]", threshold: layerThreshold,
                             tensors: [("x", x), ("bn_gamma", layer.gamma), ("bn_beta", layer.beta)], tape: { layer(x) }) { v in
            var statistics = frozen
            let (out, cache) = Reference.spatialBatchnormForward(v["x"]!, gamma: v["bn_gamma"]!, beta: v["bn_beta"]!,
                                                                 running: &statistics, mode: training ? .train : .test)
            return (out, { dout in
                let (dx, dgamma, dbeta) = Reference.spatialBatchnormBackward(dout, cache: cache)
                return ["x": dx, "bn_gamma": dgamma, "bn_beta": dbeta]
            })
        }
    }
}

// Three-way checks of the layers and the sandwich blocks: AdjointNN modules against the
// reference forward/backward pairs.
import AdjointNN

extension ThreeWayChecks {
    /// Linear on an image-shaped input, ReLU with exact zeros, GELU, dropout in both
    /// conventions, batchnorm and spatial batchnorm in training and evaluation mode, and the two
    /// sandwich blocks.
    ///
    /// ```swift
    /// let report = GradientReport.run(ThreeWayChecks.layers())   // 11 cases
    /// ```
    public static func layers() -> [ThreeWayCheck] {
        [linear(), relu(), gelu(), dropout(.drop(0.25)), dropout(.keep(0.75)),
         batchnorm(training: true), batchnorm(training: false), spatialBatchnorm(training: true),
         spatialBatchnorm(training: false), affineRelu(), affineBatchnormRelu()]
    }

    /// `Linear` on `[10, 2, 3, 4]` (flattened to 24 features) to 5: `x`, `fc_w`, `fc_b`.
    ///
    /// ```swift
    /// let check = ThreeWayChecks.linear()
    /// check.evaluate().tapeGradients["x"]!.shape   // [10, 2, 3, 4]
    /// ```
    public static func linear() -> ThreeWayCheck {
        var rng = SeededGenerator(seed: 1)
        let x = Variable(Tensor<Double>.randn([10, 2, 3, 4], using: &rng))
        let fc = Linear<Double>(24, 5, initialization: .normal(std: 1), rng: &rng)
        fc.bias.value = .randn([5], using: &rng)
        return ThreeWayCheck("linear [10, 2, 3, 4] -> 5", threshold: layerThreshold,
                             tensors: [("x", x), ("fc_w", fc.weight), ("fc_b", fc.bias)], tape: { fc(x) }) { v in
            let (out, cache) = Reference.affineForward(v["x"]!, v["fc_w"]!, v["fc_b"]!)
            return (out, { dout in
                let (dx, dw, db) = Reference.affineBackward(dout, cache: cache)
                return ["x": dx, "fc_w": dw, "fc_b": db]
            })
        }
    }

    /// The flat indices of `x` that `relu()` sets to exactly 0.
    ///
    /// ```swift
    /// let x = ThreeWayChecks.relu().tensors[0].variable.value.scalars
    /// ThreeWayChecks.reluZeros.allSatisfy { x[$0] == 0 }   // true
    /// ```
    public static let reluZeros: Set<Int> = [0, 7, 23, 42, 99]

    /// `ReLU` on `(10, 10)` with `reluZeros` set to exactly 0, where both sides' gradient is 0
    /// (the SPEC's convention) and the centred difference's is half the upstream gradient: those
    /// entries are left out of the numerical columns (`ThreeWayCheck.kinks`).
    ///
    /// ```swift
    /// let check = ThreeWayChecks.relu()   // check.kinks == ["x": ThreeWayChecks.reluZeros]
    /// ```
    public static func relu() -> ThreeWayCheck {
        var rng = SeededGenerator(seed: 2)
        var value = Tensor<Double>.randn([10, 10], using: &rng)
        value.withUnsafeMutableBufferPointer { for i in reluZeros { $0[i] = 0 } }
        let x = Variable(value), layer = ReLU<Double>()
        return ThreeWayCheck("relu (exact zeros)", threshold: layerThreshold, tensors: [("x", x)], kinks: ["x": reluZeros],
                             tape: { layer(x) }) { v in
            let (out, cache) = Reference.reluForward(v["x"]!)
            return (out, { dout in ["x": Reference.reluBackward(dout, cache: cache)] })
        }
    }

    /// `GELU` (tanh approximation) on `(15, 15)`.
    ///
    /// ```swift
    /// let rows = ThreeWayChecks.gelu().run()   // "gelu out", "gelu x"
    /// ```
    public static func gelu() -> ThreeWayCheck {
        var rng = SeededGenerator(seed: 3)
        let x = Variable(Tensor<Double>.randn([15, 15], using: &rng)), layer = GELU<Double>()
        return ThreeWayCheck("gelu", threshold: layerThreshold, tensors: [("x", x)], tape: { layer(x) }) { v in
            let (out, cache) = Reference.geluForward(v["x"]!)
            return (out, { dout in ["x": Reference.geluBackward(dout, cache: cache)] })
        }
    }

    /// `Dropout` in training mode on `(10, 10)`. The tape's layer draws its mask from its own
    /// generator seeded 123, rewound before every evaluation; the reference draws from a fresh
    /// `SeededGenerator(seed: 123)`, so the two masks are the same.
    ///
    /// ```swift
    /// let e = ThreeWayChecks.dropout(.drop(0.25)).evaluate()
    /// e.tapeOutput == e.referenceOutput   // true: the same mask on both sides
    /// ```
    public static func dropout(_ probability: Reference.DropoutProbability<Double>) -> ThreeWayCheck {
        var rng = SeededGenerator(seed: 4)
        let x = Variable(Tensor<Double>.randn([10, 10], using: &rng) + 10)
        let layer: Dropout<Double>, name: String
        switch probability {
        case .drop(let p):
            (layer, name) = (Dropout(probability: p, seed: 123), "dropout drop \(p)")
        case .keep(let q):
            (layer, name) = (Dropout(keepProbability: q, seed: 123), "dropout keep \(q)")
        }
        return ThreeWayCheck(name, threshold: layerThreshold, tensors: [("x", x)], tape: rewinding(layer) { layer(x) }) { v in
            var masks = SeededGenerator(seed: 123)
            let (out, cache) = Reference.dropoutForward(v["x"]!, probability, mode: .train, using: &masks)
            return (out, { dout in ["x": Reference.dropoutBackward(dout, cache: cache)] })
        }
    }

    /// `BatchNorm` on `(N, D)`: in training mode (batch statistics, N 4, D 5, inputs far from
    /// zero mean and unit variance), or in evaluation mode on given running statistics (N 6, D 3).
    ///
    /// ```swift
    /// let rows = ThreeWayChecks.batchnorm(training: false).run()   // out, x, bn_gamma, bn_beta
    /// ```
    public static func batchnorm(training: Bool) -> ThreeWayCheck {
        var rng = SeededGenerator(seed: training ? 5 : 6)
        let (n, d) = training ? (4, 5) : (6, 3)
        let x = Variable(training ? 5 * Tensor<Double>.randn([n, d], using: &rng) + 12 : .randn([n, d], using: &rng))
        let layer = BatchNorm<Double>(d)
        layer.gamma.value = .randn([d], using: &rng)
        layer.beta.value = .randn([d], using: &rng)
        var running = Reference.BatchNormRunning<Double>(features: d)
        if !training {
            running.mean = .randn([d], using: &rng)
            running.variance = Tensor<Double>.randn([d], using: &rng).abs() + 0.5
            layer.runningMean.value = running.mean
            layer.runningVariance.value = running.variance
            layer.eval()
        }
        let frozen = running
        return ThreeWayCheck("batchnorm \(training ? "train" : "eval")", threshold: layerThreshold,
                             tensors: [("x", x), ("bn_gamma", layer.gamma), ("bn_beta", layer.beta)], tape: { layer(x) }) { v in
            var statistics = frozen
            let (out, cache) = Reference.batchnormForward(v["x"]!, gamma: v["bn_gamma"]!, beta: v["bn_beta"]!,
                                                          running: &statistics, mode: training ? .train : .test)
            return (out, { dout in
                let (dx, dgamma, dbeta) = Reference.batchnormBackward(dout, cache: cache)
                return ["x": dx, "bn_gamma": dgamma, "bn_beta": dbeta]
            })
        }
    }

    /// `Linear - ReLU` on `(2, 3, 4)` to 10 against `affineReluForward`.
    ///
    /// ```swift
    /// let rows = ThreeWayChecks.affineRelu().run()   // out, x, fc_w, fc_b
    /// ```
    public static func affineRelu() -> ThreeWayCheck {
        var rng = SeededGenerator(seed: 7)
        let x = Variable(Tensor<Double>.randn([2, 3, 4], using: &rng))
        let fc = Linear<Double>(12, 10, initialization: .normal(std: 1), rng: &rng)
        fc.bias.value = .randn([10], using: &rng)
        let relu = ReLU<Double>()
        return ThreeWayCheck("affine-relu", threshold: layerThreshold,
                             tensors: [("x", x), ("fc_w", fc.weight), ("fc_b", fc.bias)], tape: { relu(fc(x)) }) { v in
            let (out, cache) = Reference.affineReluForward(v["x"]!, v["fc_w"]!, v["fc_b"]!)
            return (out, { dout in
                let (dx, dw, db) = Reference.affineReluBackward(dout, cache: cache)
                return ["x": dx, "fc_w": dw, "fc_b": db]
            })
        }
    }

    /// `Linear - BatchNorm - ReLU` on `(6, 8)` to 5, training mode, against
    /// `affineBatchnormReluForward`. `fc_b`'s exact gradient is 0: the batch mean removes it.
    ///
    /// ```swift
    /// let e = ThreeWayChecks.affineBatchnormRelu().evaluate()
    /// e.referenceGradients["fc_b"]!.abs().max().scalar   // below 1e-12
    /// ```
    public static func affineBatchnormRelu() -> ThreeWayCheck {
        var rng = SeededGenerator(seed: 8)
        let (n, d, m) = (6, 8, 5)
        let x = Variable(Tensor<Double>.randn([n, d], using: &rng))
        let fc = Linear<Double>(d, m, initialization: .normal(std: 1), rng: &rng)
        fc.bias.value = .randn([m], using: &rng)
        let bn = BatchNorm<Double>(m), relu = ReLU<Double>()
        bn.gamma.value = Tensor<Double>.randn([m], using: &rng) + 1
        bn.beta.value = .randn([m], using: &rng)
        return ThreeWayCheck("affine-bn-relu", threshold: layerThreshold,
                             tensors: [("x", x), ("fc_w", fc.weight), ("fc_b", fc.bias), ("bn_gamma", bn.gamma), ("bn_beta", bn.beta)],
                             tape: { relu(bn(fc(x))) }) { v in
            var running = Reference.BatchNormRunning<Double>(features: m)
            let (out, cache) = Reference.affineBatchnormReluForward(v["x"]!, v["fc_w"]!, v["fc_b"]!, gamma: v["bn_gamma"]!,
                                                                    beta: v["bn_beta"]!, running: &running, mode: .train)
            return (out, { dout in
                let g = Reference.affineBatchnormReluBackward(dout, cache: cache)
                return ["x": g.dx, "fc_w": g.dw, "fc_b": g.db, "bn_gamma": g.dgamma, "bn_beta": g.dbeta]
            })
        }
    }
}

import Testing
@testable import AdjointNN

// Whole-model gradient checks, as the assignments run them: the training loss (data loss plus
// weight penalty) differentiated with respect to every parameter, in float64.

@Suite struct ModelGradients {
    @Test(arguments: [0.0, 0.7])
    func twoLayerNet(reg: Double) {
        var rng = SeededGenerator(seed: 1)
        let net = TwoLayerNet<Double>(inputSize: 5, hiddenSize: 50, classes: 7, weightScale: 0.1, seed: 2)
        let x = Tensor<Double>.randn([3, 5], using: &rng)
        let comparison = compareParameterGradients(of: net, x: x, labels: [0, 5, 1], weights: net.weights, reg: reg)
        #expect(comparison.tape.keys.sorted() == ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"])
        #expect(comparison.report("TwoLayerNet reg \(reg)") < 1e-6)
    }

    /// The smallest |input| of any ReLU on `x` (dropout streams left as found). Centred
    /// differences are only valid if no probe moves a ReLU input across the kink; with dropout,
    /// a sample whose previous layer is wholly zeroed puts a zero-bias unit exactly on it.
    static func reluMargin(_ net: FullyConnectedNet<Double>, x: Tensor<Double>) -> Double {
        let streams = net.namedRandomSources.map { (source: $0.source, start: $0.source.generator) }
        defer { for stream in streams { stream.source.generator = stream.start } }
        var margin = Double.infinity
        _ = withoutGradients {
            net.layers.reduce(Variable(constant: x)) { input, layer in
                if layer is ReLU<Double> { margin = min(margin, input.value.abs().min().scalar) }
                return layer(input)
            }
        }
        return margin
    }

    /// `dropout` is the net's keep probability (0: none); the SPEC's 3-layer case.
    ///
    /// With batch norm the step is h = 1e-6, not the SPEC's 1e-5: at N = 2 and weight scale
    /// 5e-2 some features' batch variances (1e-7 to 1e-5) are comparable to eps, where the
    /// normalisation curves sharply, and h = 1e-5 leaves an O(h^2) truncation error of up to
    /// 8e-5 (model seed 6). That error fell 10x at h = 3e-6 and 100x at h = 1e-6, so it is the
    /// numerical side's; the rounding noise that h = 1e-6 adds stays below `noiseFloor`.
    @Test(arguments: [0.0, 0.25, 0.5], [false, true])
    func fullyConnectedNet(dropout: Double, batchNorm: Bool) throws {
        var rng = SeededGenerator(seed: 3)
        let (n, d, h1, h2, c) = (2, 15, 20, 30, 10)
        let x = Tensor<Double>.randn([n, d], using: &rng)
        let labels = (0..<n).map { _ in rng.nextInt(below: c) }
        for reg in [0.0, 3.14] {
            let net = FullyConnectedNet<Double>(hiddenSizes: [h1, h2], inputSize: d, classes: c, dropout: dropout,
                                                useBatchNorm: batchNorm, weightScale: 5e-2, seed: 7)
            let margin = Self.reluMargin(net, x: x)
            try #require(margin > 1e-5, "a ReLU input within a probe's reach of the kink: \(margin)")
            let comparison = compareParameterGradients(of: net, x: x, labels: labels, weights: net.weights, reg: reg,
                                                       h: batchNorm ? 1e-6 : 1e-5)
            let tolerance = dropout > 0 || batchNorm ? 1e-5 : 1e-6
            let worst = comparison.report("FullyConnectedNet keep \(dropout) batchnorm \(batchNorm) reg \(reg)")
            #expect(comparison.tape.count == (batchNorm ? 10 : 6))
            #expect(worst < tolerance)
            if batchNorm {
                // A bias followed by batch norm cancels in the mean: its exact gradient is 0.
                let b1 = try #require(comparison.tape["layers.0.bias"])
                #expect(b1.abs().max().scalar < 1e-12)
            }
        }
    }
}

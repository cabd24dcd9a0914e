import Testing
import AdjointReference

/// Whole networks: every parameter's hand-written gradient against the numerical gradient of
/// the network's loss.
@Suite struct NetworkGradientTests {
    @Test(arguments: [0.0, 0.7], [R.L2Spelling.halfSumOfSquares, .sumOfSquares])
    func twoLayerNet(reg: Double, spelling: R.L2Spelling) {
        let (n, d, h, c) = (3, 5, 50, 7)
        var rng = SeededGenerator(seed: 20)
        let x = T.randn([n, d], using: &rng)
        let y = randomLabels(n, classes: c, using: &rng)
        let net = R.TwoLayerNet<Double>(inputDim: d, hiddenDim: h, numClasses: c, weightScale: 1e-1,
                                        reg: reg, l2Spelling: spelling, using: &rng)
        let (loss, grads) = net.loss(x, y)
        print("TwoLayerNet reg \(reg) \(spelling): loss \(loss)")
        checkNetwork("TwoLayerNet reg \(reg) \(spelling)", params: net.params, grads: grads, tolerance: 1e-6) { params in
            var probe = net
            probe.params = params
            return probe.loss(x, y).loss
        }
    }

    @Test func twoLayerNetSpellingsDifferByTheFactorOfTwo() {
        var rng = SeededGenerator(seed: 21)
        let x = T.randn([3, 5], using: &rng)
        var half = R.TwoLayerNet<Double>(inputDim: 5, hiddenDim: 8, numClasses: 4, reg: 0, using: &rng)
        let dataLoss = half.loss(x, [0, 1, 2]).loss
        half.reg = 0.7
        var full = half
        full.l2Spelling = .sumOfSquares
        let sumOfSquares = half.params["W1"]!.squared().sum().scalar + half.params["W2"]!.squared().sum().scalar
        #expect(abs(half.loss(x, [0, 1, 2]).loss - dataLoss - 0.35 * sumOfSquares) < 1e-12)
        #expect(abs(full.loss(x, [0, 1, 2]).loss - dataLoss - 0.7 * sumOfSquares) < 1e-12)
    }

    struct FCConfig: Sendable, CustomStringConvertible {
        let dropout: R.DropoutProbability<Double>
        let reg: Double
        let batchnorm: Bool
        var description: String { "dropout \(dropout), reg \(reg), batchnorm \(batchnorm)" }
    }

    /// Every combination of dropout 0 / 0.25 / 0.5 (drop probability) and reg 0 / 3.14 without
    /// batchnorm; with batchnorm (four times dearer: a batch of 8, see below) three of them
    /// that cover each dropout and each reg; and the keep-probability convention once.
    static let fcConfigs: [FCConfig] = [0.0, 3.14].flatMap { reg in
        [0.0, 0.25, 0.5].map { FCConfig(dropout: .drop($0), reg: reg, batchnorm: false) }
    } + [
        FCConfig(dropout: .drop(0), reg: 3.14, batchnorm: true),
        FCConfig(dropout: .drop(0.25), reg: 0, batchnorm: true),
        FCConfig(dropout: .drop(0.5), reg: 3.14, batchnorm: true),
        FCConfig(dropout: .keep(0.5), reg: 3.14, batchnorm: false),
    ]

    /// The 3-layer check of the assignments: N, D, H1, H2, C = 2, 15, 20, 30, 10, weight
    /// scale 5e-2, seeded dropout; tolerance 1e-6, or 1e-5 with dropout or batchnorm.
    ///
    /// With batchnorm the batch is 8, not 2. With two samples batchnorm maps each feature to
    /// about +-1 whatever the input, `xhat = d / sqrt(d^2 + eps)` for half-difference `d`, and
    /// a feature whose two samples nearly coincide puts it where that curve bends on the
    /// scale of `sqrt(eps)`: the h = 1e-5 difference quotient is then itself off (by 1e-4 to
    /// 4e-3 relative on `W1` for most draws; the discrepancy falls as h^2, 1e-6 at h = 1e-6,
    /// so it is the quotient's truncation error, not the backward).
    @Test(arguments: fcConfigs)
    func fullyConnectedNet(_ config: FCConfig) {
        let (n, d, h1, h2, c) = (config.batchnorm ? 8 : 2, 15, 20, 30, 10)
        var rng = SeededGenerator(seed: 34)
        let x = T.randn([n, d], using: &rng)
        let y = randomLabels(n, classes: c, using: &rng)
        var net = R.FullyConnectedNet<Double>(hiddenDims: [h1, h2], inputDim: d, numClasses: c,
                                              dropout: config.dropout, useBatchnorm: config.batchnorm,
                                              reg: config.reg, weightScale: 5e-2, seed: 123, using: &rng)
        let lossAlone = net.trainingLoss(x, y)
        let (loss, grads) = net.loss(x, y)
        #expect(lossAlone == loss)
        print("FullyConnectedNet \(config): initial loss \(loss)")
        // Biases feeding a batchnorm cannot change its output: their gradient is 0 (the batch
        // mean removes them), and the numerical one is rounding noise.
        let noisy = config.dropout.isActive || config.batchnorm
        checkNetwork("FC \(config)", params: net.params, grads: grads, tolerance: noisy ? 1e-5 : 1e-6) { params in
            var probe = net
            probe.params = params
            return probe.trainingLoss(x, y)
        }
    }

    @Test func smallFullyConnectedNet() {
        let (n, d, h, c) = (4, 4, 30, 7)
        var rng = SeededGenerator(seed: 40)
        let net = R.SmallFullyConnectedNet<Double>(inputDim: d, hiddenDim: h, numClasses: c, weightScale: 0.5,
                                                   using: &rng)
        let x = T.randn([n, d], using: &rng)
        let y = randomLabels(n, classes: c, using: &rng)
        let (_, grads) = net.loss(x, y)
        checkNetwork("SmallFullyConnectedNet", params: net.params, grads: grads, tolerance: 1e-6) { params in
            var probe = net
            probe.params = params
            return probe.loss(x, y).loss
        }
    }
}

// Three-way checks of whole networks: the training loss of an AdjointNN model against the
// reference network holding a copy of the model's parameters, differentiated with respect to
// every parameter.
import AdjointNN

extension ThreeWayChecks {
    /// The two-layer net with reg 0 and 0.7, the SPEC's twelve 3-layer variants, and TestCNN.
    ///
    /// ```swift
    /// let report = GradientReport.run(ThreeWayChecks.networks())   // 15 cases
    /// ```
    public static func networks() -> [ThreeWayCheck] {
        [twoLayerNet(reg: 0), twoLayerNet(reg: 0.7)]
            + [false, true].flatMap { batchnorm in
                [0.0, 3.14].flatMap { reg in
                    [0.0, 0.25, 0.5].map { fullyConnectedNet(keepProbability: $0, reg: reg, batchnorm: batchnorm) }
                }
            }
            + [testCNN()]
    }

    /// `TwoLayerNet` 5 -> 50 -> 7, weight scale 0.1, a batch of 3; both penalise `0.5 reg sum(W^2)`.
    ///
    /// ```swift
    /// let rows = ThreeWayChecks.twoLayerNet(reg: 0.7).run()   // the loss row, then one per parameter
    /// ```
    public static func twoLayerNet(reg: Double) -> ThreeWayCheck {
        var rng = SeededGenerator(seed: 30)
        let x = Tensor<Double>.randn([3, 5], using: &rng)
        let y = (0..<3).map { _ in rng.nextInt(below: 7) }
        let net = AdjointNN.TwoLayerNet<Double>(inputSize: 5, hiddenSize: 50, classes: 7, weightScale: 0.1, seed: 31)
        var reference = Reference.TwoLayerNet<Double>(inputDim: 5, hiddenDim: 50, numClasses: 7, reg: reg, using: &rng)
        let names = AssignmentNames.of(net)
        reference.params = parameters(of: net, names: names)
        return ThreeWayCheck("TwoLayerNet reg \(reg)", threshold: 1e-6, tensors: tensors(of: net, names: names),
                             tape: { AdjointNN.softmaxCrossEntropy(net(x), labels: y) + halfL2Penalty(net.weights, reg: reg) }) { v in
            var probe = reference
            probe.params = v
            let (loss, grads) = probe.loss(x, y)
            return (Tensor(loss), { _ in grads })
        }
    }

    /// The SPEC's 3-layer net: N, D, H1, H2, C = 2, 15, 20, 30, 10, weight scale 5e-2, seed 7.
    ///
    /// `keepProbability` is `AdjointNN.FullyConnectedNet`'s `dropout` (0: none); the reference
    /// gets `.keep(keepProbability)` and the same seed, so hidden layer `i` draws its mask from
    /// `seed &+ i` on both sides (the tape's streams are rewound before every evaluation).
    /// Threshold 1e-6, or 1e-5 with dropout or batchnorm.
    ///
    /// ```swift
    /// let check = ThreeWayChecks.fullyConnectedNet(keepProbability: 0.5, reg: 3.14, batchnorm: true)
    /// // check.name == "FC keep 0.5 reg 3.14 bn", check.threshold == 1e-5
    /// ```
    public static func fullyConnectedNet(keepProbability: Double, reg: Double, batchnorm: Bool) -> ThreeWayCheck {
        let (n, d, h1, h2, c) = (2, 15, 20, 30, 10)
        let seed: UInt64 = 7
        var rng = SeededGenerator(seed: 32)
        let x = Tensor<Double>.randn([n, d], using: &rng)
        let y = (0..<n).map { _ in rng.nextInt(below: c) }
        let net = AdjointNN.FullyConnectedNet<Double>(hiddenSizes: [h1, h2], inputSize: d, classes: c,
                                                      dropout: keepProbability, useBatchNorm: batchnorm,
                                                      weightScale: 5e-2, seed: seed)
        var reference = Reference.FullyConnectedNet<Double>(hiddenDims: [h1, h2], inputDim: d, numClasses: c,
                                                            dropout: .keep(keepProbability), useBatchnorm: batchnorm,
                                                            reg: reg, weightScale: 5e-2, seed: seed, using: &rng)
        let names = AssignmentNames.of(net)
        reference.params = parameters(of: net, names: names)
        let name = "FC \(keepProbability == 0 ? "no dropout" : "keep \(keepProbability)") reg \(reg)\(batchnorm ? " bn" : "")"
        return ThreeWayCheck(name, threshold: keepProbability > 0 || batchnorm ? 1e-5 : 1e-6,
                             tensors: tensors(of: net, names: names),
                             tape: rewinding(net) { AdjointNN.softmaxCrossEntropy(net(x), labels: y) + halfL2Penalty(net.weights, reg: reg) }) { v in
            var probe = reference
            probe.params = v
            return (Tensor(probe.trainingLoss(x, y)), { _ in probe.loss(x, y).grads })
        }
    }

    /// `TestCNN` (conv k3 3 -> 3, max pool 2/2, FC 27 -> 5) on a random `(4, 8, 8, 3)` batch
    /// with the SPEC's labels `[0, 2, 1, 4]` and the tape's initial parameters.
    ///
    /// ```swift
    /// let rows = ThreeWayChecks.testCNN().run()   // loss, conv_w, conv_b, fc_w, fc_b
    /// ```
    public static func testCNN() -> ThreeWayCheck {
        var rng = SeededGenerator(seed: 33)
        let x = Tensor<Double>.randn([4, 8, 8, 3], using: &rng)
        let y = [0, 2, 1, 4]
        let net = AdjointNN.TestCNN<Double>(seed: 34)
        var reference = Reference.TestCNN<Double>(using: &rng)
        let names = AssignmentNames.of(net)
        reference.params = parameters(of: net, names: names)
        return ThreeWayCheck("TestCNN", threshold: 1e-6, tensors: tensors(of: net, names: names),
                             tape: { AdjointNN.softmaxCrossEntropy(net(x), labels: y) }) { v in
            var probe = reference
            probe.params = v
            let (loss, grads) = probe.loss(x, y)
            return (Tensor(loss), { _ in grads })
        }
    }

    /// The values of a model's parameters by their assignment names, to copy into a reference network.
    static func parameters(of model: Module<Double>, names: [String: String]) -> [String: Tensor<Double>] {
        Dictionary(uniqueKeysWithValues: model.namedParameters.map { (names[$0.path]!, $0.variable.value) })
    }

    /// A model's parameters under their assignment names, as a check compares them.
    static func tensors(of model: Module<Double>, names: [String: String]) -> [(String, Variable<Double>)] {
        model.namedParameters.map { (names[$0.path]!, $0.variable) }
    }
}

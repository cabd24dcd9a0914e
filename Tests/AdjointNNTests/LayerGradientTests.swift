import Foundation
import Testing
@testable import AdjointNN

// Every layer's tape gradient against centred differences, for the input and every parameter,
// on random inputs with random upstream gradients (float64).

@Suite struct LayerGradients {
    @Test func linearWithNDimensionalInput() {
        var rng = SeededGenerator(seed: 1)
        let fc = Linear<Double>(20, 7, initialization: .normal(std: 1), rng: &rng)
        fc.bias.value = .randn([7], using: &rng)
        let x = Variable(Tensor<Double>.randn([3, 4, 5], using: &rng))
        let comparison = compareGradients(of: { fc(x) }, wrt: [("x", x)] + fc.namedParameters)
        #expect(fc(x).shape == [3, 7])
        #expect(comparison.tape["x"]?.shape == [3, 4, 5])
        #expect(comparison.report("Linear (3,4,5)->7") < 1e-7)
    }

    @Test func reluAwayFromZero() {
        var rng = SeededGenerator(seed: 2)
        // Magnitudes of at least 0.1 keep every probe on one side of the kink.
        let normal = Tensor<Double>.randn([6, 9], using: &rng)
        let x = Tensor(normal.scalars.map { $0 + ($0 >= 0 ? 0.1 : -0.1) }, shape: normal.shape)
        let result = gradcheck({ ReLU<Double>()($0) }, at: x, seed: 3)
        #expect(GradientComparison(result, names: ["x"]).report("ReLU") < 1e-7)
    }

    @Test func reluGradientIsZeroAtZero() {
        let x = Variable(Tensor<Double>([-1, 0, 0, 2]))
        let grad = gradients(of: ReLU<Double>()(x), wrt: [x], seed: Tensor([5, 6, 7, 8]))[0].value
        #expect(grad.scalars == [0, 0, 0, 8])
    }

    @Test func gelu() {
        var rng = SeededGenerator(seed: 4)
        let x = Tensor<Double>.randn([5, 8], std: 2, using: &rng)
        let result = gradcheck({ GELU<Double>()($0) }, at: x, seed: 5)
        #expect(GradientComparison(result, names: ["x"]).report("GELU") < 1e-7)
    }

    @Test func exactGELU() {
        var rng = SeededGenerator(seed: 6)
        let x = Tensor<Double>.randn([5, 8], std: 2, using: &rng)
        let result = gradcheck({ GELU<Double>(approximate: false)($0) }, at: x, seed: 7)
        #expect(GradientComparison(result, names: ["x"]).report("exact GELU") < 1e-7)
        // Values and gradient against their definitions, one element at a time.
        let v = Variable(x)
        let y = AdjointNN.gelu(v, approximate: false)
        let values = x.scalars.map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
        #expect(zip(y.value.scalars, values).allSatisfy { abs($0 - $1) <= 1e-15 * max(1, abs($1)) })
        y.sum().backward()
        let slopes = x.scalars.map { 0.5 * (1 + Foundation.erf($0 / 2.0.squareRoot())) + $0 * Foundation.exp(-$0 * $0 / 2) / (2 * Double.pi).squareRoot() }
        #expect(zip(v.grad!.scalars, slopes).allSatisfy { abs($0 - $1) <= 1e-14 })
        // The default stays the tanh approximation.
        #expect(GELU<Double>()(Variable(x)).value == AdjointNN.gelu(Variable(x)).value)
        #expect(AdjointNN.gelu(Variable(x), approximate: true).value != y.value)
    }

    /// `gradcheck` evaluates the function many times, so each evaluation builds a fresh layer
    /// from the same seed and therefore draws the same mask.
    @Test(arguments: [0.25, 0.6])
    func dropoutTrainMode(probability: Double) {
        var rng = SeededGenerator(seed: 6)
        let x = Tensor<Double>.randn([10, 12], using: &rng)
        let result = gradcheck({ Dropout<Double>(probability: probability, seed: 11)($0) }, at: x, seed: 7)
        let zeroed = result.tape[0].scalars.filter { $0 == 0 }.count
        print("Dropout p=\(probability): \(zeroed) of 120 gradients zeroed")
        #expect(GradientComparison(result, names: ["x"]).report("Dropout p=\(probability)") < 1e-7)
        // The check is only meaningful if the mask dropped something and kept something.
        #expect(zeroed > 10 && zeroed < 110)
    }

    @Test func batchNormTrain() throws {
        var rng = SeededGenerator(seed: 8)
        let bn = BatchNorm<Double>(6)
        try bn.load(["gamma": .randn([6], using: &rng)], strict: false)
        try bn.load(["beta": .randn([6], using: &rng)], strict: false)
        let x = Variable(Tensor<Double>.randn([8, 6], mean: 3, std: 2, using: &rng))
        let comparison = compareGradients(of: { bn(x) }, wrt: [("x", x)] + bn.namedParameters, seed: 9)
        #expect(comparison.report("BatchNorm train") < 1e-7)
    }

    @Test func batchNormEval() throws {
        var rng = SeededGenerator(seed: 10)
        let bn = BatchNorm<Double>(6)
        let gamma = Tensor<Double>.randn([6], using: &rng), beta = Tensor<Double>.randn([6], using: &rng)
        let mean = Tensor<Double>.randn([6], using: &rng), variance = Tensor<Double>.uniform([6], low: 0.5, high: 2, using: &rng)
        try bn.load(["gamma": gamma, "beta": beta, "runningMean": mean, "runningVariance": variance])
        bn.eval()
        let x = Variable(Tensor<Double>.randn([8, 6], using: &rng))
        let comparison = compareGradients(of: { bn(x) }, wrt: [("x", x)] + bn.namedParameters, seed: 11)
        #expect(comparison.report("BatchNorm eval") < 1e-7)
    }

    @Test func sequentialBlock() throws {
        var rng = SeededGenerator(seed: 12)
        let block = Sequential<Double>([
            Flatten(),
            Linear(12, 9, initialization: .normal(std: 0.5), rng: &rng),
            BatchNorm(9),
            GELU(),
            Dropout(probability: 0.3, seed: 13),
            Linear(9, 4, initialization: .kaiming, rng: &rng),
            ReLU(),
        ])
        let x = Variable(Tensor<Double>.randn([5, 3, 4], using: &rng))
        #expect(block.namedParameters.map(\.path)
                == ["layers.1.weight", "layers.1.bias", "layers.2.gamma", "layers.2.beta", "layers.5.weight", "layers.5.bias"])
        #expect(block.namedRandomSources.map(\.path) == ["layers.4.random"])
        let dropout = try #require(block.namedRandomSources.first?.source)
        let start = dropout.generator
        let comparison = compareGradients(of: {
            dropout.generator = start
            return block(x)
        }, wrt: [("x", x)] + block.namedParameters, seed: 14)
        #expect(comparison.tape.count == 7)
        #expect(comparison.report("Sequential block") < 1e-6)
    }
}

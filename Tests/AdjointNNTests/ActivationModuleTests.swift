import Testing
import Foundation
@testable import AdjointNN

// Sigmoid, SiLU and LeakyReLU modules: values against their definitions, tape gradients
// against centred differences, and LeakyReLU's gradient at exactly 0.

@Suite struct ActivationModules {
    static var definitions: [(name: String, module: Module<Double>, element: (Double) -> Double)] { [
        ("Sigmoid", Sigmoid(), { 1 / (1 + exp(-$0)) }),
        ("SiLU", SiLU(), { $0 / (1 + exp(-$0)) }),
        ("LeakyReLU", LeakyReLU(), { $0 > 0 ? $0 : 0.01 * $0 }),
        ("LeakyReLU 0.2", LeakyReLU(negativeSlope: 0.2), { $0 > 0 ? $0 : 0.2 * $0 }),
    ] }

    static func input(seed: UInt64) -> Tensor<Double> {
        var rng = SeededGenerator(seed: seed)
        // Magnitudes of at least 0.1 keep every probe on one side of LeakyReLU's kink.
        let normal = Tensor<Double>.randn([4, 7], std: 3, using: &rng)
        return Tensor(normal.scalars.map { $0 + ($0 >= 0 ? 0.1 : -0.1) }, shape: normal.shape)
    }

    @Test(arguments: definitions.indices)
    func valuesMatchTheDefinition(index: Int) {
        let (name, module, element) = Self.definitions[index]
        let x = Self.input(seed: 1)
        let y = module(x).value
        #expect(y.shape == x.shape)
        #expect(zip(y.scalars, x.scalars.map(element)).allSatisfy { abs($0 - $1) < 1e-14 }, "\(name)")
    }

    @Test(arguments: definitions.indices)
    func gradientsMatchNumerical(index: Int) {
        let (name, module, _) = Self.definitions[index]
        let result = gradcheck({ module($0) }, at: Self.input(seed: 2), seed: 3)
        #expect(GradientComparison(result, names: ["x"]).report(name) < 1e-7)
    }

    /// PyTorch's: the slope below 0 applies at exactly 0 too.
    @Test func leakyReLUGradientAtZeroIsTheSlope() {
        let x = Variable(Tensor<Double>([-2, 0, 3]))
        let grad = gradients(of: LeakyReLU<Double>(negativeSlope: 0.1)(x), wrt: [x], seed: Tensor([1, 1, 1]))[0].value
        #expect(grad.scalars == [0.1, 0.1, 1])
    }

    @Test func sigmoidIsFiniteAtLargeInputs() {
        let y = Sigmoid<Float>()(Tensor<Float>([-100, 100])).value.scalars
        #expect(y == [0, 1])
    }
}

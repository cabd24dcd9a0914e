import Testing
@testable import AdjointNN

// Residual: `x + block(x)` against the block's own output, gradients through both paths, and
// the block's parameters named under `block`.

@Suite struct ResidualConnections {
    static func block(seed: UInt64) -> Sequential<Double> {
        var rng = SeededGenerator(seed: seed)
        return Sequential([Linear(6, 6, initialization: .normal(std: 0.5), rng: &rng), LayerNorm(6), SiLU()])
    }

    @Test func forwardIsInputPlusBlock() {
        let block = Self.block(seed: 1)
        var rng = SeededGenerator(seed: 2)
        let x = Tensor<Double>.randn([4, 6], using: &rng)
        let y = Residual(block)(x).value
        #expect(y == x + block(x).value)
    }

    @Test func gradients() {
        let unit = Residual(Self.block(seed: 3))
        var rng = SeededGenerator(seed: 4)
        let x = Variable(Tensor<Double>.randn([4, 6], using: &rng))
        let comparison = compareGradients(of: { unit(x) }, wrt: [("x", x)] + unit.namedParameters, seed: 5)
        #expect(comparison.tape.count == 5)
        #expect(comparison.report("Residual") < 1e-7)
    }

    @Test func parameterNamesFollowTheStructure() {
        var rng = SeededGenerator(seed: 6)
        let net = Sequential<Double>([
            Conv2D(inChannels: 3, outChannels: 4, kernel: 3, padding: 1, rng: &rng),
            Residual(Sequential([Conv2D(inChannels: 4, outChannels: 4, kernel: 3, padding: 1, rng: &rng), GroupNorm(groups: 2, channels: 4), LeakyReLU()])),
            AvgPool2D(pool: 2, stride: 2),
            GlobalAveragePooling(),
            Linear(4, 2, rng: &rng),
        ])
        #expect(net.namedParameters.map(\.path) == [
            "layers.0.weight", "layers.0.bias",
            "layers.1.block.layers.0.weight", "layers.1.block.layers.0.bias",
            "layers.1.block.layers.1.gamma", "layers.1.block.layers.1.beta",
            "layers.4.weight", "layers.4.bias",
        ])
        #expect(net(Tensor<Double>.zeros([2, 8, 8, 3])).shape == [2, 2])
    }
}

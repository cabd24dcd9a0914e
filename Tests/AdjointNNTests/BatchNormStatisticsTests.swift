import Testing
@testable import AdjointNN

// Batch norm's training output is standardised per feature then scaled and shifted; its
// evaluation mode uses running statistics that follow the SPEC's momentum formula from 0.

@Suite struct BatchNormStatistics {
    static let gamma = Tensor<Double>([1, 2.5, 0.5, 3])
    static let beta = Tensor<Double>([0, -1, 4, 0.25])

    static func batch(_ seed: UInt64) -> Tensor<Double> {
        var rng = SeededGenerator(seed: seed)
        // Features on very different scales and offsets.
        return Tensor<Double>.randn([200, 4], using: &rng) * Tensor([5, 0.1, 2, 11]) + Tensor([-3, 7, 0, 40])
    }

    static func layer() throws -> BatchNorm<Double> {
        let bn = BatchNorm<Double>(4)
        try bn.load(["gamma": gamma, "beta": beta], strict: false)
        return bn
    }

    /// The std is gamma up to eps: `gamma sqrt(var / (var + eps))`, 5e-4 below gamma for the
    /// feature whose variance is 0.01.
    static func expectedStd(_ x: Tensor<Double>, gamma: Tensor<Double>) -> Tensor<Double> {
        let variance = x.variance(alongAxes: [0])
        return gamma * (variance / (variance + 1e-5)).sqrt()
    }

    @Test func trainingOutputHasMeanBetaAndStdGamma() throws {
        let x = Self.batch(1)
        let out = try Self.layer()(x).value
        let mean = out.mean(alongAxes: [0]), std = out.variance(alongAxes: [0]).sqrt()
        let stdError = relativeError(std, Self.expectedStd(x, gamma: Self.gamma))
        print("batch norm train: mean \(mean.scalars), std \(std.scalars), std relative error \(stdError)")
        #expect((mean - Self.beta).abs().max().scalar < 1e-12)
        #expect(stdError < 1e-12)
        #expect(relativeError(std, Self.gamma) < 1e-3)
    }

    @Test func defaultParametersStandardise() {
        let x = Self.batch(2)
        let out = BatchNorm<Double>(4)(x).value
        #expect(out.mean(alongAxes: [0]).abs().max().scalar < 1e-12)
        #expect(relativeError(out.variance(alongAxes: [0]).sqrt(), Self.expectedStd(x, gamma: .ones([4]))) < 1e-12)
    }

    @Test func runningStatisticsFollowTheMomentumFormulaAndDriveEvaluation() throws {
        let bn = try Self.layer()
        var mean = Tensor<Double>.zeros([4]), variance = Tensor<Double>.zeros([4])
        for seed in 10..<15 {
            let x = Self.batch(UInt64(seed))
            _ = bn(x)
            mean = mean * 0.9 + x.mean(alongAxes: [0]) * 0.1
            variance = variance * 0.9 + x.variance(alongAxes: [0]) * 0.1
        }
        let errors = ["running_mean": relativeError(bn.runningMean.value, mean), "running_var": relativeError(bn.runningVariance.value, variance)]
        #expect(report("batch norm running statistics after 5 steps", errors) < 1e-12)

        bn.eval()
        let x = Self.batch(20)
        let expected = (x - mean) / (variance + 1e-5).sqrt() * Self.gamma + Self.beta
        let before = bn.runningMean.value
        let error = relativeError(bn(x).value, expected)
        print("batch norm eval output relative error \(error)")
        #expect(error < 1e-12)
        #expect(bn.runningMean.value == before)
    }

    @Test func momentumIsConfigurable() {
        let bn = BatchNorm<Double>(4, momentum: 0.5)
        let x = Self.batch(3)
        _ = bn(x)
        #expect(relativeError(bn.runningMean.value, x.mean(alongAxes: [0]) * 0.5) < 1e-14)
    }
}

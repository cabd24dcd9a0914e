import Foundation
import Testing
@testable import AdjointNN

// `torch.nn.init`'s functions as `Initialization` cases: each draw has the distribution its
// PyTorch namesake gives, with fans counted from Adjoint's layouts as PyTorch counts them.

@Suite struct TorchInitFunctions {
    static func std(_ t: Tensor<Double>) -> Double { t.variance().sqrt().scalar }

    /// Every value in `[-bound, bound)`, the extremes near the bound and the spread a uniform's.
    /// Every value in `[-bound, bound)`, the extremes near the bound and the spread a uniform's,
    /// within tolerances of about five standard errors for the count of values.
    static func expectUniform(_ t: Tensor<Double>, bound: Double) {
        let n = Double(t.count), tolerance = max(0.02, 2.24 / n.squareRoot(), 40 / n)
        let (low, high) = (t.min().scalar, t.max().scalar)
        #expect(low >= -bound && high < bound, "range [\(low), \(high)] for bound \(bound)")
        #expect(low < -(1 - tolerance / 2) * bound && high > (1 - tolerance / 2) * bound, "range [\(low), \(high)] for bound \(bound)")
        #expect(abs(std(t) / (bound / 3.0.squareRoot()) - 1) < tolerance, "std \(std(t)) for bound \(bound)")
    }

    /// A zero-mean normal's spread, and values past three standard deviations (so not a uniform).
    static func expectNormal(_ t: Tensor<Double>, std expected: Double) {
        let n = Double(t.count)
        #expect(abs(std(t) / expected - 1) < max(0.02, 3.6 / n.squareRoot()), "std \(std(t)), expected \(expected)")
        #expect(abs(t.mean().scalar) < 5 / n.squareRoot() * expected)
        #expect(t.max().scalar > 3 * expected)
    }

    /// Printed by `python -c "import torch.nn.init as I; print(I.calculate_gain('tanh'), ...)"`
    /// with torch 2.15 (`calculate_gain` for linear, sigmoid, tanh, relu, selu, leaky_relu with
    /// param None, 0.2 and 0).
    @Test func gainsAreCalculateGains() {
        #expect(Nonlinearity.linear.gain() == 1)
        #expect(Nonlinearity.sigmoid.gain() == 1)
        #expect(Nonlinearity.tanh.gain() == 1.6666666666666667)
        #expect(Nonlinearity.relu.gain() == 1.4142135623730951)
        #expect(Nonlinearity.selu.gain() == 0.75)
        #expect(Nonlinearity.leakyReLU.gain() == 1.4141428569978354)
        #expect(Nonlinearity.leakyReLU.gain(negativeSlope: 0.2) == 1.3867504905630728)
        #expect(Nonlinearity.leakyReLU.gain(negativeSlope: 0) == 1.4142135623730951)
    }

    /// Adjoint's layouts keep PyTorch's outputs last and inputs second to last.
    @Test func fansAreCountedAsPyTorchCountsThem() {
        #expect(Initialization.fans([400, 300]) == (400, 300))                // Linear (in, out)
        #expect(Initialization.fans([3, 3, 16, 32]) == (144, 288))            // Conv2D (kh, kw, in, out)
        #expect(Initialization.fans([5, 80, 300]) == (400, 1500))             // Conv1D (k, in, out)
        var rng = SeededGenerator(seed: 0)
        let transposed = ConvTranspose2D<Double>(inChannels: 7, outChannels: 16, kernel: 5, rng: &rng)
        #expect(Initialization.fans(transposed.weight.shape) == (400, 175))   // PyTorch's (in, out, kh, kw): fan-in out*k*k
    }

    @Test func uniformNormalAndConstants() {
        var rng = SeededGenerator(seed: 11)
        let u: Tensor<Double> = Initialization.uniform(low: -0.3, high: 0.7).weights([300, 200], using: &rng)
        #expect(u.min().scalar >= -0.3 && u.min().scalar < -0.299 && u.max().scalar < 0.7 && u.max().scalar > 0.699)
        #expect(abs(u.mean().scalar - 0.2) < 0.005)
        let n: Tensor<Double> = Initialization.normal(mean: 1.5, std: 0.2).weights([300, 200], using: &rng)
        #expect(abs(n.mean().scalar - 1.5) < 0.002 && abs(Self.std(n) / 0.2 - 1) < 0.02)
        let c: Tensor<Double> = Initialization.constant(0.25).weights([7], using: &rng)
        #expect(c == .filled([7], with: 0.25))
        #expect(Initialization.zeros.weights([2, 3], using: &rng) == Tensor<Double>.zeros([2, 3]))
        #expect(Initialization.ones.weights([2, 3], using: &rng) == Tensor<Double>.ones([2, 3]))
    }

    @Test func xavier() {
        var rng = SeededGenerator(seed: 12)
        let shape = [3, 3, 16, 32]   // fans 144 and 288
        Self.expectUniform(Initialization.xavierUniform(gain: 2).weights(shape, using: &rng), bound: 2 * (6.0 / 432).squareRoot())
        Self.expectNormal(Initialization.xavierNormal(gain: 0.5).weights([300, 500], using: &rng), std: 0.5 * (2.0 / 800).squareRoot())
    }

    @Test func kaiming() {
        var rng = SeededGenerator(seed: 13)
        // PyTorch's defaults: a = 0, fan_in, leaky_relu, so gain sqrt(2).
        Self.expectUniform(Initialization.kaimingUniform().weights([400, 300], using: &rng), bound: (6.0 / 400).squareRoot())
        Self.expectNormal(Initialization.kaimingNormal(mode: .fanOut, nonlinearity: .relu).weights([3, 3, 16, 32], using: &rng),
                          std: 2.0.squareRoot() / 288.0.squareRoot())
        Self.expectNormal(Initialization.kaimingNormal(nonlinearity: .tanh).weights([500, 100], using: &rng),
                          std: 5.0 / 3 / 500.0.squareRoot())
        // a = sqrt(5) is PyTorch's layer default, U(+-1/sqrt(fanIn)).
        let layerDefault: Tensor<Double> = Initialization.kaimingUniform(a: 5.0.squareRoot()).weights([400, 300], using: &rng)
        Self.expectUniform(layerDefault, bound: 1 / 400.0.squareRoot() * (1 + 1e-12))
    }

    /// trunc_normal_'s default N(0, 1) on [-2, 2]: its spread is 1 - 2 * 2 phi(2) / (2 Phi(2) - 1),
    /// 0.8796^2 (torch's own draws of a million: 0.8788).
    @Test func truncatedNormal() {
        var rng = SeededGenerator(seed: 14)
        let t: Tensor<Double> = Initialization.truncatedNormal().weights([1000, 200], using: &rng)
        #expect(t.min().scalar >= -2 && t.max().scalar <= 2 && t.min().scalar < -1.99 && t.max().scalar > 1.99)
        let phi2 = exp(-2.0) / (2 * Double.pi).squareRoot()
        let expected = (1 - 4 * phi2 / erf(2 / 2.0.squareRoot())).squareRoot()
        #expect(abs(Self.std(t) / expected - 1) < 0.01, "std \(Self.std(t)), expected \(expected)")
        // The upper half of N(3, 0.5^2) to 2 standard deviations: mean 3 + 0.5 (phi(0) - phi(2)) / (Phi(2) - Phi(0)).
        let shifted: Tensor<Double> = Initialization.truncatedNormal(mean: 3, std: 0.5, low: 3, high: 4).weights([10000], using: &rng)
        let shiftedMean = 3 + 0.5 * (1 - exp(-2.0)) / (2 * Double.pi).squareRoot() / (erf(2 / 2.0.squareRoot()) / 2)
        #expect(shifted.min().scalar >= 3 && shifted.max().scalar <= 4 && abs(shifted.mean().scalar - shiftedMean) < 0.015)
    }

    static func identity(_ n: Int) -> Tensor<Double> {
        var rng = SeededGenerator(seed: 0)
        return Initialization.eye.weights([n, n], using: &rng)
    }

    static func distance(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double { (a - b).abs().max().scalar }

    /// Columns orthonormal when the flattened weight is tall, rows when it is wide, times the gain.
    @Test func orthogonal() {
        var rng = SeededGenerator(seed: 15)
        let tall: Tensor<Double> = Initialization.orthogonal(gain: 2).weights([3, 3, 4, 8], using: &rng)
        let columns = tall.reshaped([36, 8])
        #expect(Self.distance(columns.transposed().matmul(columns), Self.identity(8) * 4) < 1e-12)
        let wide: Tensor<Double> = Initialization.orthogonal().weights([8, 20], using: &rng)
        #expect(Self.distance(wide.matmul(wide.transposed()), Self.identity(8)) < 1e-12)
        // Haar-random, so not a fixed matrix: a column's entries spread as 1/sqrt(rows) each.
        let big: Tensor<Double> = Initialization.orthogonal().weights([200, 150], using: &rng)
        #expect(abs(Self.std(big) * 200.0.squareRoot() - 1) < 0.02)
    }

    @Test func eye() {
        var rng = SeededGenerator(seed: 16)
        let fc = Linear<Double>(3, 5, initialization: .eye, rng: &rng)
        #expect(fc.weight.value == Tensor([[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0]]))
        #expect(fc.bias.value == .zeros([5]))
    }

    /// A layer built with an `nn.init` case counts its fans PyTorch's way; its bias is zero.
    @Test func layersTakeTheCases() {
        var rng = SeededGenerator(seed: 17)
        let conv = Conv2D<Double>(inChannels: 16, outChannels: 32, kernel: 3, initialization: .kaimingNormal(mode: .fanOut), rng: &rng)
        Self.expectNormal(conv.weight.value, std: 2.0.squareRoot() / 288.0.squareRoot())
        #expect(conv.bias.value == .zeros([32]))
        let conv1d = Conv1D<Double>(inChannels: 80, outChannels: 300, kernel: 5, initialization: .xavierUniform(), rng: &rng)
        Self.expectUniform(conv1d.weight.value, bound: (6.0 / 1900).squareRoot())
        let transposed = ConvTranspose2D<Double>(inChannels: 40, outChannels: 16, kernel: 5, initialization: .kaimingUniform(), rng: &rng)
        Self.expectUniform(transposed.weight.value, bound: (6.0 / 400).squareRoot())
    }

    /// As PyTorch's, fans need a weight of two axes or more, and `eye` exactly two.
    @Test func shapesWithoutFansTrap() async {
        let bias = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            let _: Tensor<Double> = Initialization.xavierUniform().weights([10], using: &rng)
        }
        #expect(BadInputExits.standardError(bias).contains("Initialization.xavierUniform: fan-in and fan-out need at least 2 axes, got shape [10]"))
        let kernel = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = Conv2D<Double>(inChannels: 2, outChannels: 2, kernel: 3, initialization: .eye, rng: &rng)
        }
        #expect(BadInputExits.standardError(kernel).contains("Initialization.eye: needs a 2-D weight, got shape [3, 3, 2, 2]"))
    }
}

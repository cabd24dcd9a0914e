import Foundation
import Testing
import AdjointReference

/// The assignments' sanity checks on random data: dropout keeps the mean and zeroes the right
/// fraction, softmax loss at near-uniform scores is ln C, batchnorm normalises.
@Suite struct StatisticalTests {
    @Test(arguments: [R.DropoutProbability<Double>.drop(0.25), .drop(0.4), .drop(0.7),
                      .keep(0.3), .keep(0.6), .keep(0.75)])
    func dropoutKeepsTheMean(_ probability: R.DropoutProbability<Double>) {
        var rng = SeededGenerator(seed: 50)
        let x = T.randn([500, 500], using: &rng) + 10
        let (out, _) = R.dropoutForward(x, probability, mode: .train, using: &rng)
        let (testOut, _) = R.dropoutForward(x, probability, mode: .test, using: &rng)
        let dropRate: Double = switch probability {
        case .drop(let p): p
        case .keep(let q): 1 - q
        }
        let inputMean = x.mean().scalar, outputMean = out.mean().scalar
        let zeroFraction = (out .== T(0)).mean().scalar
        print("  dropout \(probability): mean \(inputMean) -> train \(outputMean), zero fraction \(zeroFraction)")
        #expect(abs(outputMean - inputMean) / inputMean < 0.01)
        #expect(abs(zeroFraction - dropRate) < 0.01)
        #expect(testOut == x)
    }

    @Test(arguments: [R.DropoutProbability<Double>.drop(0), .keep(0), .keep(1)])
    func noDropout(_ probability: R.DropoutProbability<Double>) {
        var rng = SeededGenerator(seed: 51)
        let x = T.randn([100, 100], using: &rng) + 5
        #expect(!probability.isActive)
        #expect(R.dropoutForward(x, probability, mode: .train, using: &rng).out == x)
    }

    @Test func softmaxLossAtNearUniformScores() {
        var rng = SeededGenerator(seed: 52)
        let six = 0.001 * T.randn([100, 6], using: &rng)
        let lossSix = R.softmaxLoss(six, randomLabels(100, classes: 6, using: &rng)).loss
        let ten = 0.001 * T.randn([100, 10], using: &rng)
        let lossTen = R.softmaxLoss(ten, randomLabels(100, classes: 10, using: &rng)).loss
        print("  softmax loss: 6 classes \(lossSix) (ln 6 = \(log(6.0))), 10 classes \(lossTen) (ln 10 = \(log(10.0)))")
        #expect(abs(lossSix - log(6)) < 0.01)
        #expect(abs(lossTen - log(10)) < 0.01)
    }

    @Test func batchnormTrainNormalisesEachFeature() {
        var rng = SeededGenerator(seed: 53)
        let (n, d) = (200, 3)
        let x = T([10, 20, 5], shape: [1, d]) * T.randn([n, d], using: &rng) + T([11, -12, 13])
        var running = R.BatchNormRunning<Double>(features: d)
        let (plain, _) = R.batchnormForward(x, gamma: .ones([d]), beta: .zeros([d]), running: &running, mode: .train)
        let gamma = T([1, 3, 0.5])
        let (scaled, _) = R.batchnormForward(x, gamma: gamma, beta: .zeros([d]), running: &running, mode: .train)
        print("  batchnorm train: means \(plain.mean(alongAxes: [0]).scalars), stds \(scaled.variance(alongAxes: [0]).sqrt().scalars)")
        #expect(plain.mean(alongAxes: [0]).abs().max().scalar < 1e-12)
        #expect(relativeError(plain.variance(alongAxes: [0]).sqrt(), T.ones([d])) < 1e-4)
        #expect(scaled.mean(alongAxes: [0]).abs().max().scalar < 1e-12)
        #expect(relativeError(scaled.variance(alongAxes: [0]).sqrt(), gamma) < 1e-4)
    }

    @Test func batchnormRunningStatistics() {
        var rng = SeededGenerator(seed: 54)
        let (n, d) = (200, 3)
        let scale = T([2, 1, 4], shape: [1, d]), shift = T([5, -3, 0.5])
        let gamma = T([1, 2, 3]), beta = T([0.5, 0, -1])
        var running = R.BatchNormRunning<Double>(features: d)

        // The first update from zeros: running = (1 - momentum) * batch statistic.
        let first = scale * T.randn([n, d], using: &rng) + shift
        _ = R.batchnormForward(first, gamma: gamma, beta: beta, running: &running, mode: .train)
        #expect(relativeError(running.mean, 0.1 * first.mean(alongAxes: [0])) < 1e-12)
        #expect(relativeError(running.variance, 0.1 * first.variance(alongAxes: [0])) < 1e-12)

        for _ in 0..<100 {
            let batch = scale * T.randn([n, d], using: &rng) + shift
            _ = R.batchnormForward(batch, gamma: gamma, beta: beta, running: &running, mode: .train)
        }
        let test = scale * T.randn([n, d], using: &rng) + shift
        let before = running
        let (out, _) = R.batchnormForward(test, gamma: gamma, beta: beta, running: &running, mode: .test)
        #expect(running.mean == before.mean && running.variance == before.variance, "test mode leaves them")
        let expected = gamma * (test - running.mean) / (running.variance + 1e-5).sqrt() + beta
        #expect(relativeError(out, expected) < 1e-12)
        print("  batchnorm test: running mean \(running.mean.scalars), var \(running.variance.scalars); "
              + "output means \(out.mean(alongAxes: [0]).scalars), stds \(out.variance(alongAxes: [0]).sqrt().scalars)")
        #expect((out.mean(alongAxes: [0]) - beta).abs().max().scalar < 0.3)
        #expect(relativeError(out.variance(alongAxes: [0]).sqrt(), gamma) < 0.1)
    }
}

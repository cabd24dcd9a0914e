import Foundation
import Testing
@testable import AdjointNN

// Cross-entropy of near-uniform scores is about ln C, as the assignments' sanity checks say.

@Suite struct LossStatistics {
    @Test func smallScoresOverSixClassesGiveLogSix() {
        var rng = SeededGenerator(seed: 1)
        let scores = Tensor<Double>.randn([100, 6], std: 0.001, using: &rng)
        let labels = (0..<100).map { _ in rng.nextInt(below: 6) }
        let loss = softmaxCrossEntropy(Variable(constant: scores), labels: labels).value.scalar
        print("cross-entropy of 0.001 * randn(100, 6): \(loss), ln 6 = \(Foundation.log(6.0))")
        #expect(abs(loss - Foundation.log(6.0)) < 1e-3)
    }

    @Test func nearEqualScoresOverTenClassesGiveLogTen() {
        var rng = SeededGenerator(seed: 2)
        let scores = Tensor<Double>.randn([50, 10], mean: 3, std: 1e-3, using: &rng)
        let labels = (0..<50).map { $0 % 10 }
        let loss = softmaxCrossEntropy(Variable(constant: scores), labels: labels).value.scalar
        print("cross-entropy of 10 near-equal classes: \(loss), ln 10 = \(Foundation.log(10.0))")
        #expect(abs(loss - Foundation.log(10.0)) < 1e-3)
    }

    @Test func largeScoresStayFinite() {
        let scores = Tensor<Double>([1000, -1000, 0, 2000, 1000, 0], shape: [2, 3])
        let loss = softmaxCrossEntropy(Variable(constant: scores), labels: [0, 1]).value.scalar
        // Row 0 is certain and right (0), row 1 picks a class 1000 below the max (1000): mean 500.
        #expect(abs(loss - 500) < 1e-9)
    }
}

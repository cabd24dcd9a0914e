import Testing
import Foundation
@testable import AdjointNN

// Binary cross-entropy from logits: the value against the stable definition, finite at logits
// of +-100, the gradient against centred differences and `sigmoid(x) - y` (also at x = 0).

@Suite struct BinaryCrossEntropyFromLogits {
    /// `max(x, 0) - x y + log(1 + exp(-|x|))`, in Double.
    static func definition(_ x: Double, _ y: Double) -> Double {
        max(x, 0) - x * y + log(1 + exp(-abs(x)))
    }

    static func logitsAndTargets(seed: UInt64) -> (Tensor<Double>, Tensor<Double>) {
        var rng = SeededGenerator(seed: seed)
        return (.randn([5, 3], std: 3, using: &rng), .uniform([5, 3], low: 0, high: 1, using: &rng))
    }

    @Test func valueMatchesTheDefinition() {
        let (x, y) = Self.logitsAndTargets(seed: 1)
        let perElement = zip(x.scalars, y.scalars).map { Self.definition($0, $1) }
        let none = binaryCrossEntropy(withLogits: Variable(constant: x), targets: Variable(constant: y), reduction: .none).value
        #expect(none.shape == [5, 3])
        #expect(zip(none.scalars, perElement).allSatisfy { abs($0 - $1) < 1e-14 })
        let mean = binaryCrossEntropy(withLogits: Variable(constant: x), targets: Variable(constant: y)).value.scalar
        #expect(abs(mean - perElement.reduce(0, +) / 15) < 1e-14)
        // It is the cross-entropy of sigmoid(x) where that is representable.
        let p = 1 / (1 + exp(-x[0, 0])), t = y[0, 0]
        #expect(abs(none[0, 0] - -(t * log(p) + (1 - t) * log(1 - p))) < 1e-12)
    }

    @Test func stableAtLargeLogits() {
        let logits: [Double] = [100, -100, 100, -100], targets: [Double] = [1, 1, 0, 0.25]
        let expected = zip(logits, targets).map { Self.definition($0, $1) }
        let double = binaryCrossEntropy(withLogits: Variable(constant: Tensor(logits)), targets: Variable(constant: Tensor(targets)),
                                        reduction: .none).value.scalars
        #expect(zip(double, expected).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
        let float = binaryCrossEntropy(withLogits: Variable(constant: Tensor(logits.map(Float.init))),
                                       targets: Variable(constant: Tensor(targets.map(Float.init))), reduction: .none).value.scalars
        #expect(float.allSatisfy { $0.isFinite })
        #expect(zip(float, expected).allSatisfy { abs(Double($0) - $1) <= 1e-5 * max(1, abs($1)) })
    }

    @Test(arguments: [Reduction.mean, .sum, .none])
    func gradient(reduction: Reduction) {
        let (x, y) = Self.logitsAndTargets(seed: 2)
        let result = gradcheck({ v in binaryCrossEntropy(withLogits: v[0], targets: v[1], reduction: reduction) },
                               at: [x, y], seed: 3)
        #expect(GradientComparison(result, names: ["logits", "targets"]).report("binaryCrossEntropy \(reduction)") < 1e-7)
    }

    /// `d/dx = sigmoid(x) - y`, also at x = 0 (a zero-initialised output layer) and at +-100.
    @Test func gradientIsSigmoidMinusTarget() {
        let values: [Double] = [0, 0, 2, -1.5, 100, -100], targets: [Double] = [0, 1, 0.3, 1, 0, 1]
        let x = Variable(Tensor(values))
        let loss = binaryCrossEntropy(withLogits: x, targets: Variable(constant: Tensor(targets)), reduction: .sum)
        let grad = gradients(of: loss, wrt: [x])[0].value.scalars
        let expected = zip(values, targets).map { 1 / (1 + exp(-$0)) - $1 }
        #expect(zip(grad, expected).allSatisfy { abs($0 - $1) < 1e-14 })
    }
}

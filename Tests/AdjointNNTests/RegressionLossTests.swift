import Testing
import Foundation
@testable import AdjointNN

// mse, l1 and smoothL1: values against their definitions written as loops, in every reduction,
// and tape gradients against centred differences for both inputs (float64).

@Suite struct RegressionLosses {
    static func pair(seed: UInt64) -> (predictions: Tensor<Double>, targets: Tensor<Double>) {
        var rng = SeededGenerator(seed: seed)
        return (.randn([6, 4], std: 2, using: &rng), .randn([6, 4], using: &rng))
    }

    /// PyTorch's smooth L1 of one difference.
    static func smoothL1Definition(_ d: Double, beta: Double) -> Double {
        abs(d) < beta ? 0.5 * d * d / beta : abs(d) - 0.5 * beta
    }

    static var definitions: [(name: String, element: (Double) -> Double,
                              loss: (Variable<Double>, Variable<Double>, Reduction) -> Variable<Double>)] { [
        ("mse", { $0 * $0 }, { mse($0, $1, reduction: $2) }),
        ("l1", { abs($0) }, { l1($0, $1, reduction: $2) }),
        ("smoothL1 beta 1", { smoothL1Definition($0, beta: 1) }, { smoothL1($0, $1, reduction: $2) }),
        ("smoothL1 beta 0.5", { smoothL1Definition($0, beta: 0.5) }, { smoothL1($0, $1, beta: 0.5, reduction: $2) }),
    ] }

    @Test(arguments: definitions.indices)
    func valuesMatchTheDefinition(index: Int) {
        let (name, element, loss) = Self.definitions[index]
        let (p, t) = Self.pair(seed: 1)
        let perElement = zip(p.scalars, t.scalars).map { element($0 - $1) }
        let (x, y) = (Variable(constant: p), Variable(constant: t))
        let none = loss(x, y, .none).value
        #expect(none.shape == [6, 4], "\(name)")
        #expect(zip(none.scalars, perElement).allSatisfy { abs($0 - $1) < 1e-14 }, "\(name)")
        let total = perElement.reduce(0, +)
        #expect(abs(loss(x, y, .sum).value.scalar - total) < 1e-12, "\(name)")
        #expect(abs(loss(x, y, .mean).value.scalar - total / 24) < 1e-13, "\(name)")
    }

    @Test(arguments: definitions.indices, [Reduction.mean, .sum, .none])
    func gradientsMatchNumerical(index: Int, reduction: Reduction) {
        let (name, _, loss) = Self.definitions[index]
        let (p, t) = Self.pair(seed: 2)
        // Differences at least 0.05 from each kink (0, and +-beta), so no probe crosses one.
        let kinks = [0, 0.5, -0.5, 1, -1]
        let safe = Tensor(zip(p.scalars, t.scalars).map { pv, tv in
            kinks.contains { abs(pv - tv - $0) < 0.05 } ? pv + 0.1 : pv
        }, shape: p.shape)
        let result = gradcheck({ v in loss(v[0], v[1], reduction) }, at: [safe, t], seed: 3)
        #expect(GradientComparison(result, names: ["predictions", "targets"]).report("\(name) \(reduction)") < 1e-7)
    }

    @Test func smoothL1WithBetaZeroIsL1() {
        let (p, t) = Self.pair(seed: 4)
        let (x, y) = (Variable(constant: p), Variable(constant: t))
        #expect(smoothL1(x, y, beta: 0).value.scalar == l1(x, y).value.scalar)
    }

    @Test func smoothL1IsQuadraticInsideBetaAndLinearOutside() {
        let x = Variable(Tensor<Double>([0.5, -0.5, 3, -3]))
        let loss = smoothL1(x, Variable(constant: .zeros([4])), beta: 1, reduction: .sum)
        #expect(loss.value.scalar == 0.125 + 0.125 + 2.5 + 2.5)
        #expect(gradients(of: loss, wrt: [x])[0].value.scalars == [0.5, -0.5, 1, -1])
    }
}

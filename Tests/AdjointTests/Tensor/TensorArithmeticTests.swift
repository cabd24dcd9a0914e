import Foundation
import Testing
@testable import Adjoint

// Elementwise arithmetic with broadcasting, comparisons and math functions, each against a
// one-index-at-a-time reference.

@Suite struct TensorArithmeticTests {
    /// Operand shape pairs covering every broadcasting pattern the kernels special-case.
    static let shapePairs: [([Int], [Int])] = [
        ([3, 4], [3, 4]), ([3, 4], [4]), ([4], [3, 4]), ([3, 1], [1, 4]), ([3, 4], [3, 1]),
        ([3, 4], []), ([], [3, 4]), ([2, 3, 4], [3, 1]), ([2, 1, 4], [3, 1]), ([2, 3, 4], [2, 1, 4]),
        ([1, 3, 1], [2, 1, 4]), ([2, 3, 4], [2, 3, 4]), ([5, 1, 1, 2], [3, 2, 1]), ([0, 3], [3]),
        // Past the 32,768-element chunk that runs on another core: chunks start mid-axis.
        ([40_001], [40_001]), ([40_001], []), ([], [40_001]), ([3, 70, 401], [70, 1]), ([3, 70, 401], [401]),
    ]

    static var operations: [(String, (T, T) -> T, (Double, Double) -> Double)] { [
        ("add", { $0 + $1 }, { $0 + $1 }),
        ("subtract", { $0 - $1 }, { $0 - $1 }),
        ("multiply", { $0 * $1 }, { $0 * $1 }),
        ("divide", { $0 / $1 }, { $0 / $1 }),
        ("maximum", { $0.maximum($1) }, { Swift.max($0, $1) }),
        ("minimum", { $0.minimum($1) }, { Swift.min($0, $1) }),
        ("pow", { ($0.abs() + 1).pow($1) }, { Foundation.pow(Swift.abs($0) + 1, $1) }),
        (".>", { $0 .> $1 }, { $0 > $1 ? 1 : 0 }),
        (".>=", { $0 .>= $1 }, { $0 >= $1 ? 1 : 0 }),
        (".<", { $0 .< $1 }, { $0 < $1 ? 1 : 0 }),
        (".<=", { $0 .<= $1 }, { $0 <= $1 ? 1 : 0 }),
        (".==", { $0 .== $1 }, { $0 == $1 ? 1 : 0 }),
    ] }

    @Test(arguments: TensorArithmeticTests.shapePairs)
    func binaryOperationsBroadcastLikeTheReference(a: [Int], b: [Int]) {
        // Small integers, so comparisons see ties and equalities; no zero divisors.
        let x = T(random(a, seed: 1).scalars.map { ($0 * 3).rounded() }, shape: a)
        let y = T(random(b, seed: 2).scalars.map { ($0 * 3).rounded() == 0 ? 0.5 : ($0 * 3).rounded() }, shape: b)
        for (name, op, reference) in Self.operations {
            let expected = referenceBinary(x, y, reference)
            let actual = op(x, y)
            #expect(actual.shape == expected.shape, "\(name) \(a) \(b)")
            #expect(maxDifference(actual, expected) <= 1e-14, "\(name) \(a) \(b)")
        }
    }

    @Test func equalValuesCompareEqual() {
        let x = T([1, 2, 3, 2]), y = T([2])
        #expect((x .== y).scalars == [0, 1, 0, 1])
        #expect((x .>= y).scalars == [0, 1, 1, 1])
        #expect((x .< y).scalars == [1, 0, 0, 0])
        #expect((x .> 1.5).scalars == [0, 1, 1, 1])
    }

    @Test func scalarsMixWithTensors() {
        let x = T([1, -2, 4], shape: [3, 1])
        #expect((x + 1).scalars == [2, -1, 5])
        #expect((1 - x).scalars == [0, 3, -3])
        #expect((x * 2).scalars == [2, -4, 8])
        #expect((8 / x).scalars == [8, -4, 2])
        #expect((x / 2).scalars == [0.5, -1, 2])
        #expect((-x).scalars == [-1, 2, -4])
        var y = x
        y += T([10, 20])
        y -= T(1)
        y *= T(2)
        y /= T(4)
        #expect(y.shape == [3, 2])
        expectClose(y, ((x + T([10, 20])) - 1) * 2 / 4)
        #expect(x.scalars == [1, -2, 4])
    }

    @Test func rankThreeBroadcastAgainstRankOne() {
        let x = random([2, 3, 4], seed: 5), y = random([4], seed: 6), z = random([2, 1, 1], seed: 7)
        expectClose(x * y + z, referenceBinary(referenceBinary(x, y, *), z, +))
    }

    @Test func mathFunctionsMatchFoundation() {
        let x = random([3, 5], seed: 8, low: 0.1, high: 3)
        let s = awayFromZero([3, 5], seed: 9)
        let unary: [(String, T, T, (Double) -> Double)] = [
            ("exp", s, s.exp(), Foundation.exp),
            ("log", x, x.log(), Foundation.log),
            ("tanh", s, s.tanh(), Foundation.tanh),
            ("sqrt", x, x.sqrt(), Foundation.sqrt),
            ("abs", s, s.abs(), Swift.abs),
            ("sign", s, s.sign(), { $0 > 0 ? 1 : -1 }),
            ("squared", s, s.squared(), { $0 * $0 }),
            ("pow 2.5", x, x.pow(2.5), { Foundation.pow($0, 2.5) }),
            ("pow -1", s, s.pow(-1), { 1 / $0 }),
            ("maximum 0.3", s, s.maximum(0.3), { Swift.max($0, 0.3) }),
            ("minimum 0.3", s, s.minimum(0.3), { Swift.min($0, 0.3) }),
            ("relu", s, s.maximum(0), { Swift.max($0, 0) }),
        ]
        for (name, input, actual, reference) in unary {
            expectClose(actual, T(input.scalars.map(reference), shape: input.shape), tolerance: 1e-14)
            #expect(actual.shape == input.shape, "\(name)")
        }
        // Past the chunk that runs on another core, in Float (whose exp and tanh have their own
        // vector kernels) and Double, each element against the same function on its own.
        let large = awayFromZero([70_001], seed: 12)
        let largeFloat = Tensor<Float>(large.scalars.map(Float.init), shape: large.shape)
        #expect(large.exp().scalars == large.scalars.map { T([$0]).exp().scalars[0] })
        #expect(largeFloat.tanh().scalars == largeFloat.scalars.map { Tensor<Float>([$0]).tanh().scalars[0] })
        #expect(T([-2, 0, 3]).sign().scalars == [-1, 0, 1])
    }

    @Test func floatArithmeticMatchesDouble() {
        let x = random([4, 3], seed: 10), y = random([3], seed: 11)
        let fx = Tensor<Float>(x.scalars.map(Float.init), shape: x.shape)
        let fy = Tensor<Float>(y.scalars.map(Float.init), shape: y.shape)
        let expected = (x * y + x.tanh()).scalars
        let actual = (fx * fy + fx.tanh()).scalars
        for (e, a) in zip(expected, actual) { #expect(Swift.abs(Double(a) - e) < 1e-6) }
    }
}

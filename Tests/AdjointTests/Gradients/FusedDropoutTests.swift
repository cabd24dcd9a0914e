import Testing
@testable import Adjoint

// The fused dropout node against its composition `x * mask`: the same draws, the same output
// and gradient bits (negative inputs dropped to -0 included), in Float and Double under both
// conventions; bit for bit across thread counts; gradcheck in Double with a fixed mask;
// differentiated twice through its pullback's `Variable` product.

@Suite struct FusedDropoutTests {
    static let shapes: [[Int]] = [[3, 5], [100, 500], [1, 70_001]]

    /// Drop probability 0.3 (`keep` false) or keep probability 0.85 (`keep` true).
    static func dropout<S: TensorScalar>(_ x: Variable<S>, keep: Bool, seed: UInt64) -> (Variable<S>, SeededGenerator) {
        var rng = SeededGenerator(seed: seed)
        let y = keep ? x.dropout(keepProbability: 0.85, using: &rng) : x.dropout(probability: 0.3, using: &rng)
        return (y, rng)
    }

    /// The output and the input's gradient for a seeded upstream gradient, and the generator after the draws.
    static func results<S: TensorScalar>(shape: [Int], keep: Bool, fused: Bool,
                                         as _: S.Type) -> (primitive: Primitive?, tensors: [Tensor<S>], rng: SeededGenerator) {
        var rng = SeededGenerator(seed: UInt64(shape.reduce(1, *)))
        let x = Variable(Tensor<S>.randn(shape, using: &rng)), upstream = Tensor<S>.randn(shape, using: &rng)
        let (y, after) = Fusion.with(fused) { dropout(x, keep: keep, seed: 11) }
        return (y.primitive, [y.value] + gradients(of: y, wrt: [x], seed: upstream).map(\.value), after)
    }

    static func bits<S: TensorScalar>(_ t: Tensor<S>) -> [UInt64] { t.scalars.map { Double($0).bitPattern } }

    static func expectFusedIsTheComposition<S: TensorScalar>(shape: [Int], keep: Bool, _ type: S.Type) {
        let fused = results(shape: shape, keep: keep, fused: true, as: type)
        let plain = results(shape: shape, keep: keep, fused: false, as: type)
        #expect(fused.primitive == .dropout)
        #expect(plain.primitive == .multiply)
        #expect(fused.rng == plain.rng, "the same number of draws")
        for (a, b) in zip(fused.tensors, plain.tensors) { #expect(bits(a) == bits(b), "\(shape) keep \(keep) \(S.self)") }
        // Widening keeps the sign of zero: the dropped negative inputs are -0 on both sides.
        #expect(fused.tensors[0].scalars.contains { $0 == 0 && $0.sign == .minus })
        let zeros = Double(fused.tensors[0].scalars.filter { $0 == 0 }.count) / Double(fused.tensors[0].count)
        if shape[1] >= 500 { #expect(abs(zeros - (keep ? 0.15 : 0.3)) < 0.02, "fraction dropped \(zeros)") }
    }

    @Test(arguments: shapes, [false, true])
    func fusedIsBitIdenticalToTheCompositionInFloatAndDouble(shape: [Int], keep: Bool) {
        Self.expectFusedIsTheComposition(shape: shape, keep: keep, Float.self)
        Self.expectFusedIsTheComposition(shape: shape, keep: keep, Double.self)
    }

    @Test func fusedIsBitIdenticalOnOneAndTwoThreads() {
        let saved = Parallelism.maxThreads
        defer { Parallelism.maxThreads = saved }
        for shape in Self.shapes {
            Parallelism.maxThreads = 1
            let one = Self.results(shape: shape, keep: true, fused: true, as: Float.self).tensors
            Parallelism.maxThreads = 2
            let two = Self.results(shape: shape, keep: true, fused: true, as: Float.self).tensors
            for (a, b) in zip(one, two) { #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern)) }
        }
    }

    @Test(arguments: [false, true])
    func fusedNodePassesGradcheckWithAFixedMask(keep: Bool) {
        // A generator seeded afresh in every evaluation draws the same mask each time.
        expectGradcheck("dropout keep \(keep)", { v in
            let y = Fusion.with(true) { Self.dropout(v[0], keep: keep, seed: 5).0 }
            #expect(y.primitive == .dropout || !y.requiresGrad)
            return y * y
        }, at: [random([6, 7], seed: 1)])
    }

    @Test func secondDerivativesMatchTheComposition() {
        let x = random([8, 9], seed: 2), direction = random([8, 9], seed: 3)
        let runs = [true, false].map { fused in
            let v = V(x)
            let y = Fusion.with(fused) { Self.dropout(v, keep: false, seed: 4).0 }
            let first = gradients(of: (y * y * y).sum(), wrt: [v], createGraph: true)[0]
            #expect(first.requiresGrad)
            return gradients(of: (first * V(constant: direction)).sum(), wrt: [v])[0].value
        }
        #expect(Self.bits(runs[0]) == Self.bits(runs[1]))
        #expect(runs[0].abs().max().scalar > 0.1)
    }

    @Test func theReportsNameTheFusedPrimitive() {
        let x = V(random([4, 3], seed: 7))
        let loss = Fusion.with(true) { Self.dropout(x, keep: true, seed: 8).0 }.sum()
        #expect(loss.memoryReport().description.contains("dropout fuses multiply"))
        #expect(loss.dot().contains("dropout\\nfuses multiply"))
    }
}

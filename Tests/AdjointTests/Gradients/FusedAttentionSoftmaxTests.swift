import Testing
@testable import Adjoint

// The fused attention softmax (scale, causal and given masks, softmax over the keys) against its
// composition: the weights and the gradient within rounding, Float and Double, odd sizes and
// several blocks, causal, padded and fully masked rows; bit for bit across thread counts;
// gradcheck in Double; differentiated twice through the composition.

@Suite struct FusedAttentionSoftmaxTests {
    /// Scores' shapes with a mask (1 = attend) for each, or nil, and whether causal.
    static let cases: [(shape: [Int], mask: [Int]?, isCausal: Bool)] = [
        ([2, 3, 5, 5], nil, true), ([3, 4, 7], [4, 7], false), ([2, 2, 6, 9], [2, 1, 1, 9], true),
        ([64, 4, 16, 16], nil, true), ([5, 3, 11], nil, false), ([1, 2, 700], [2, 1], true),
    ]

    /// A 0/1 mask of `shape` with every fifth entry 0 and, when it has several rows, a row of zeros.
    static func mask<S: TensorScalar>(_ shape: [Int], as _: S.Type) -> Tensor<S> {
        let count = shape.reduce(1, *), last = shape.last!
        return Tensor((0..<count).map { i in i % 5 == 3 || (count > last && i < last) ? 0 : 1 }, shape: shape)
    }

    static func results<S: TensorScalar>(_ index: Int, fused: Bool, as _: S.Type)
        -> (primitive: Primitive?, tensors: [Tensor<S>]) {
        let (shape, maskShape, isCausal) = cases[index]
        var rng = SeededGenerator(seed: UInt64(shape.reduce(1, *)))
        let x = Variable(Tensor<S>.randn(shape, std: 3, using: &rng)), upstream = Tensor<S>.randn(shape, using: &rng)
        let mask = maskShape.map { Self.mask($0, as: S.self) }
        let y = Fusion.with(fused) { x.attentionSoftmax(scale: 0.37, mask: mask, isCausal: isCausal) }
        return (y.primitive, [y.value] + gradients(of: y, wrt: [x], seed: upstream).map(\.value))
    }

    @Test(arguments: cases.indices)
    func fusedMatchesTheCompositionInFloatAndDouble(index: Int) {
        func expectClose<S: TensorScalar>(_ type: S.Type, tolerance: Double) {
            let fused = Self.results(index, fused: true, as: type), plain = Self.results(index, fused: false, as: type)
            #expect(fused.primitive == .attentionSoftmax)
            for (name, i) in [("weights", 0), ("gradient", 1)] {
                let distance = relativeDistance(fused.tensors[i], plain.tensors[i])
                #expect(distance <= tolerance, "\(Self.cases[index]) \(S.self): \(name) relative distance \(distance)")
            }
            // Excluded keys get exactly zero weight and zero gradient in both.
            for t in [0, 1] {
                #expect(zip(fused.tensors[t].scalars, plain.tensors[t].scalars).allSatisfy { ($0 == 0) == ($1 == 0) })
            }
        }
        expectClose(Float.self, tolerance: 2e-6)
        expectClose(Double.self, tolerance: 1e-14)
    }

    @Test func causalRowsWeighOnlyEarlierKeysAndFullyMaskedRowsAreZero() {
        let y = Fusion.with(true) {
            V(random([2, 4, 4], seed: 1)).attentionSoftmax(scale: 1, mask: T([0, 0, 0, 0, 1, 1, 1, 1], shape: [2, 1, 4]), isCausal: true)
        }
        let rows = y.value.scalars
        #expect(rows[0..<16].allSatisfy { $0 == 0 })
        #expect(rows[16..<20] == [1, 0, 0, 0])
        for r in 1..<4 {
            let row = Array(rows[(16 + 4 * r)..<(20 + 4 * r)])
            #expect(row[(r + 1)...].allSatisfy { $0 == 0 } && abs(row.reduce(0, +) - 1) < 1e-15)
        }
    }

    @Test func fusedIsBitIdenticalOnOneAndTwoThreads() {
        let saved = Parallelism.maxThreads
        defer { Parallelism.maxThreads = saved }
        for index in Self.cases.indices {
            Parallelism.maxThreads = 1
            let one = Self.results(index, fused: true, as: Float.self).tensors
            Parallelism.maxThreads = 2
            let two = Self.results(index, fused: true, as: Float.self).tensors
            for (a, b) in zip(one, two) { #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern)) }
        }
    }

    @Test(arguments: [false, true])
    func fusedNodePassesGradcheck(isCausal: Bool) {
        let mask = Self.mask([3, 1, 6], as: Double.self)
        expectGradcheck("attentionSoftmax", { v in
            let y = Fusion.with(true) { v[0].attentionSoftmax(scale: 0.7, mask: mask, isCausal: isCausal) }
            #expect(y.primitive == .attentionSoftmax || !y.requiresGrad)
            return y
        }, at: [random([3, 5, 6], seed: 2, low: -2, high: 2)])
    }

    @Test func secondDerivativesMatchTheComposition() {
        let input = random([2, 5, 5], seed: 3, low: -2, high: 2)
        let direction = random([2, 5, 5], seed: 4), upstream = random([2, 5, 5], seed: 5)
        let runs = [true, false].map { fused in
            let x = V(input)
            let y = Fusion.with(fused) { x.attentionSoftmax(scale: 0.6, isCausal: true) }
            let first = gradients(of: y, wrt: [x], seed: upstream, createGraph: true)[0]
            return gradients(of: (first * V(constant: direction)).sum(), wrt: [x])[0].value
        }
        expectClose(runs[0], runs[1], tolerance: 1e-12)
        #expect(runs[0].abs().max().scalar > 0.01)
    }
}

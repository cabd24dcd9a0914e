import Testing
@testable import Adjoint

// The fused batch norm with its ReLU against the fused batch norm then `relu()` (bit for bit:
// output, statistics and gradients) and against the composition of primitives (within
// rounding), Float and Double, several blocks of rows; bit for bit across thread counts; by
// gradcheck in Double; differentiated twice.

@Suite struct FusedBatchNormReLUTests {
    static let shapes: [[Int]] = [[5, 3], [7, 4, 3, 13], [64, 9, 9, 17], [2000, 9]]

    enum Path: Sendable { case fusedReLU, fusedThenReLU, composition }

    /// The output, the statistics and the gradients of x, gamma and beta for a seeded upstream gradient.
    static func results<S: TensorScalar>(shape: [Int], _ path: Path, as _: S.Type) -> (primitive: Primitive?, tensors: [Tensor<S>]) {
        var rng = SeededGenerator(seed: UInt64(shape.reduce(1, *)))
        let features = shape.last!
        let x = Variable(Tensor<S>.randn(shape, mean: 3, std: 2, using: &rng))
        let gamma = Variable(Tensor<S>.randn([features], mean: 1, std: 0.5, using: &rng))
        let beta = Variable(Tensor<S>.randn([features], using: &rng))
        let upstream = Tensor<S>.randn(shape, using: &rng)
        let (y, mean, variance) = Fusion.with(path != .composition) { () -> (Variable<S>, Tensor<S>, Tensor<S>) in
            guard path == .fusedThenReLU else { return x.batchNormReLU(gamma: gamma, beta: beta, epsilon: 1e-5) }
            let (z, mean, variance) = x.batchNorm(gamma: gamma, beta: beta, epsilon: 1e-5)
            return (z.relu(), mean, variance)
        }
        return (y.primitive, [y.value, mean, variance] + gradients(of: y, wrt: [x, gamma, beta], seed: upstream).map(\.value))
    }

    static func bits<S: TensorScalar>(_ t: Tensor<S>) -> [UInt64] { t.scalars.map { Double($0).bitPattern } }

    static func expectFused<S: TensorScalar>(shape: [Int], _ type: S.Type, tolerance: Double) {
        let fused = results(shape: shape, .fusedReLU, as: type)
        let separate = results(shape: shape, .fusedThenReLU, as: type)
        let plain = results(shape: shape, .composition, as: type)
        #expect(fused.primitive == .batchNormReLU)
        #expect(separate.primitive == .maximum && plain.primitive == .maximum)
        for (i, (a, b)) in zip(fused.tensors, separate.tensors).enumerated() {
            #expect(bits(a) == bits(b), "\(shape) \(S.self) result \(i)")
        }
        for (i, (a, b)) in zip(fused.tensors, plain.tensors).enumerated() {
            let distance = relativeDistance(a, b)
            #expect(distance <= tolerance, "\(shape) \(S.self) result \(i): relative distance \(distance)")
        }
        // About half the outputs are cut, so the gate is exercised.
        let cut = Double(fused.tensors[0].scalars.filter { $0 == 0 }.count) / Double(fused.tensors[0].count)
        #expect(cut > 0.1 && cut < 0.9)
    }

    @Test(arguments: shapes)
    func fusedIsBatchNormThenReLUBitForBitAndTheCompositionWithinRounding(shape: [Int]) {
        Self.expectFused(shape: shape, Float.self, tolerance: 2e-6)
        Self.expectFused(shape: shape, Double.self, tolerance: 1e-14)
    }

    @Test func fusedIsBitIdenticalOnOneAndTwoThreads() {
        let saved = Parallelism.maxThreads
        defer { Parallelism.maxThreads = saved }
        for shape in Self.shapes {
            Parallelism.maxThreads = 1
            let one = Self.results(shape: shape, .fusedReLU, as: Float.self).tensors
            Parallelism.maxThreads = 2
            let two = Self.results(shape: shape, .fusedReLU, as: Float.self).tensors
            for (a, b) in zip(one, two) { #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern), "\(shape)") }
        }
    }

    static func fused(_ v: [V]) -> V {
        let y = Fusion.with(true) { v[0].batchNormReLU(gamma: v[1], beta: v[2], epsilon: 1e-5).output }
        #expect(y.primitive == .batchNormReLU || !y.requiresGrad)
        return y
    }

    @Test func fusedNodePassesGradcheck() {
        // Betas of both signs, so that some features are mostly cut and some mostly kept.
        let inputs = [random([4, 5, 3], seed: 1, low: -2, high: 2), random([3], seed: 2, low: 0.5, high: 1.5),
                      T([0.4, -0.3, 0.1])]
        expectGradcheck("batchNormReLU", Self.fused, at: inputs)
    }

    @Test func secondDerivativesMatchTheComposition() {
        let inputs = [random([6, 3], seed: 4, low: -2, high: 2), random([3], seed: 5, low: 0.5, high: 1.5), random([3], seed: 6)]
        let direction = random([6, 3], seed: 7), upstream = random([6, 3], seed: 8)
        let runs = [true, false].map { fused in
            let v = inputs.map { V($0) }
            let y = fused ? Self.fused(v) : Fusion.with(false) { v[0].batchNormReLU(gamma: v[1], beta: v[2], epsilon: 1e-5).output }
            let first = gradients(of: y, wrt: [v[0], v[1]], seed: upstream, createGraph: true)
            #expect(first[0].requiresGrad)
            return gradients(of: (first[0] * V(constant: direction)).sum() + first[1].sum(), wrt: [v[0], v[1]]).map(\.value)
        }
        for (a, b) in zip(runs[0], runs[1]) { expectClose(a, b, tolerance: 1e-11) }
        #expect(runs[0][0].abs().max().scalar > 0.01)
    }
}

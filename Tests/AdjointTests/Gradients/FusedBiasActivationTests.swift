import Testing
@testable import Adjoint

// The fused bias add and activation against its composition: the forward bit for bit (the
// same activation kernels), the gradients within rounding, Float and Double, odd sizes and
// several chunks; bit for bit across thread counts; gradcheck in Double; differentiated twice.

@Suite struct FusedBiasActivationTests {
    static let shapes: [[Int]] = [[3, 5], [7, 3, 3, 13], [40, 9, 9, 32], [1, 70_001]]

    /// The output and the gradients of x and the bias for a seeded upstream gradient.
    static func results<S: TensorScalar>(_ activation: BiasActivation, shape: [Int], fused: Bool,
                                         as _: S.Type) -> (primitive: Primitive?, tensors: [Tensor<S>]) {
        var rng = SeededGenerator(seed: UInt64(shape.reduce(1, *)))
        let x = Variable(Tensor<S>.randn(shape, using: &rng)), bias = Variable(Tensor<S>.randn([shape.last!], using: &rng))
        let upstream = Tensor<S>.randn(shape, using: &rng)
        let y = Fusion.with(fused) { x.addingBias(bias, activation: activation) }
        return (y.primitive, [y.value] + gradients(of: y, wrt: [x, bias], seed: upstream).map(\.value))
    }

    static func expectFusedMatchesPlain<S: TensorScalar>(_ activation: BiasActivation, shape: [Int], _ type: S.Type,
                                                         tolerance: Double) {
        let fused = results(activation, shape: shape, fused: true, as: type)
        let plain = results(activation, shape: shape, fused: false, as: type)
        #expect(fused.primitive == activation.primitive)
        #expect(plain.primitive == (activation == .relu ? .maximum : .tanh))
        // The output and the input's gradient are the composition's bits; the bias's sum is
        // taken in another order.
        // (Widening to Double is exact, so equal Doubles are equal bits here, where no NaN is.)
        #expect(fused.tensors[0].scalars.map { Double($0).bitPattern } == plain.tensors[0].scalars.map { Double($0).bitPattern })
        #expect(fused.tensors[1].scalars.map { Double($0).bitPattern } == plain.tensors[1].scalars.map { Double($0).bitPattern })
        let distance = relativeDistance(fused.tensors[2], plain.tensors[2])
        #expect(distance <= tolerance, "\(activation) \(shape) \(S.self): bias gradient relative distance \(distance)")
    }

    @Test(arguments: [BiasActivation.relu, .tanh], shapes)
    func fusedMatchesTheCompositionInFloatAndDouble(activation: BiasActivation, shape: [Int]) {
        Self.expectFusedMatchesPlain(activation, shape: shape, Float.self, tolerance: 2e-6)
        Self.expectFusedMatchesPlain(activation, shape: shape, Double.self, tolerance: 1e-14)
    }

    @Test func fusedIsBitIdenticalOnOneAndTwoThreads() {
        let saved = Parallelism.maxThreads
        defer { Parallelism.maxThreads = saved }
        for activation in [BiasActivation.relu, .tanh] {
            for shape in Self.shapes {
                Parallelism.maxThreads = 1
                let one = Self.results(activation, shape: shape, fused: true, as: Float.self).tensors
                Parallelism.maxThreads = 2
                let two = Self.results(activation, shape: shape, fused: true, as: Float.self).tensors
                for (a, b) in zip(one, two) { #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern)) }
            }
        }
    }

    @Test(arguments: [BiasActivation.relu, .tanh])
    func fusedNodePassesGradcheck(activation: BiasActivation) {
        // Away from ReLU's kink: |x| ≥ 0.2 and a bias of at most 0.1.
        let inputs = [awayFromZero([4, 3, 5], seed: 1), random([5], seed: 2, low: -0.1, high: 0.1)]
        expectGradcheck("\(activation)", { v in
            let y = Fusion.with(true) { v[0].addingBias(v[1], activation: activation) }
            #expect(y.primitive == activation.primitive || !y.requiresGrad)
            return y
        }, at: inputs)
    }

    /// Not ReLU: its gradient is piecewise constant, so it has no second derivative to check.
    @Test(arguments: [BiasActivation.tanh, .gelu, .geluTanh])
    func secondDerivativesMatchTheComposition(activation: BiasActivation) {
        let inputs = [random([6, 4], seed: 3, low: -3, high: 3), random([4], seed: 4, low: -0.1, high: 0.1)]
        let direction = random([6, 4], seed: 5), upstream = random([6, 4], seed: 6)
        let runs = [true, false].map { fused in
            let v = inputs.map { V($0) }
            let y = Fusion.with(fused) { v[0].addingBias(v[1], activation: activation) }
            let first = gradients(of: y, wrt: [v[0], v[1]], seed: upstream, createGraph: true)
            let second = (first[0] * V(constant: direction)).sum() + first[1].sum()
            return gradients(of: second, wrt: [v[0], v[1]]).map(\.value)
        }
        for (a, b) in zip(runs[0], runs[1]) { expectClose(a, b, tolerance: 1e-12) }
        #expect(runs[0][0].abs().max().scalar > 0.01)
    }

    @Test func theReportsNameTheFusedPrimitives() {
        let x = V(random([4, 3], seed: 7)), bias = V(random([3], seed: 8))
        let loss = Fusion.with(true) { x.addingBias(bias, activation: .relu) }.sum()
        #expect(loss.memoryReport().description.contains("biasReLU fuses add, maximum"))
        #expect(loss.dot().contains("biasReLU\\nfuses add, maximum"))
    }
}

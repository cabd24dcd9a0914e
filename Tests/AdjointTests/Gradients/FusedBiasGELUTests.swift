import Foundation
import Testing
@testable import Adjoint

// The fused bias add and GELU (exact and tanh) against their composition: the forward bit for
// bit (the same erf and tanh kernels, the same operations in the same order), the gradients
// within rounding, Float and Double, odd sizes and several blocks; bit for bit across thread
// counts; gradcheck in Double; differentiated twice through the composition.

@Suite struct FusedBiasGELUTests {
    static let shapes: [[Int]] = [[3, 5], [7, 3, 3, 13], [40, 9, 9, 32], [1, 70_001]]
    static let activations: [BiasActivation] = [.gelu, .geluTanh]

    @Test(arguments: activations, shapes)
    func fusedMatchesTheCompositionInFloatAndDouble(activation: BiasActivation, shape: [Int]) {
        Self.expectFusedMatchesPlain(activation, shape: shape, Float.self, tolerance: 2e-6)
        Self.expectFusedMatchesPlain(activation, shape: shape, Double.self, tolerance: 1e-14)
    }

    static func expectFusedMatchesPlain<S: TensorScalar>(_ activation: BiasActivation, shape: [Int], _ type: S.Type,
                                                         tolerance: Double) {
        let fused = FusedBiasActivationTests.results(activation, shape: shape, fused: true, as: type)
        let plain = FusedBiasActivationTests.results(activation, shape: shape, fused: false, as: type)
        #expect(fused.primitive == activation.primitive)
        #expect(plain.primitive == .multiply)
        // (Widening to Double is exact, so equal Doubles are equal bits here, where no NaN is.)
        #expect(fused.tensors[0].scalars.map { Double($0).bitPattern } == plain.tensors[0].scalars.map { Double($0).bitPattern })
        for (name, i) in [("x", 1), ("bias", 2)] {
            let distance = relativeDistance(fused.tensors[i], plain.tensors[i])
            #expect(distance <= tolerance, "\(activation) \(shape) \(S.self): \(name) gradient relative distance \(distance)")
        }
    }

    @Test func fusedIsBitIdenticalOnOneAndTwoThreads() {
        let saved = Parallelism.maxThreads
        defer { Parallelism.maxThreads = saved }
        for activation in Self.activations {
            for shape in Self.shapes {
                Parallelism.maxThreads = 1
                let one = FusedBiasActivationTests.results(activation, shape: shape, fused: true, as: Float.self).tensors
                Parallelism.maxThreads = 2
                let two = FusedBiasActivationTests.results(activation, shape: shape, fused: true, as: Float.self).tensors
                for (a, b) in zip(one, two) { #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern)) }
            }
        }
    }

    @Test(arguments: activations)
    func fusedNodePassesGradcheck(activation: BiasActivation) {
        let inputs = [random([4, 3, 5], seed: 1, low: -3, high: 3), random([5], seed: 2)]
        expectGradcheck("\(activation)", { v in
            let y = Fusion.with(true) { v[0].addingBias(v[1], activation: activation) }
            #expect(y.primitive == activation.primitive || !y.requiresGrad)
            return y
        }, at: inputs)
    }

    /// The fused slopes against GELU's derivative written out in Double, one element at a time.
    @Test(arguments: activations)
    func gradientMatchesTheDefinition(activation: BiasActivation) {
        let x = random([5, 7], seed: 9, low: -4, high: 4), zero = V(T.zeros([7]))
        let v = V(x)
        Fusion.with(true) { v.addingBias(zero, activation: activation) }.sum().backward()
        let slopes = x.scalars.map { z in
            guard activation == .geluTanh else {
                return 0.5 * (1 + Foundation.erf(z / 2.0.squareRoot())) + z * Foundation.exp(-z * z / 2) / (2 * Double.pi).squareRoot()
            }
            let (c, k) = ((2 / Double.pi).squareRoot(), 0.044715)
            let t = Foundation.tanh(c * (z + k * z * z * z))
            return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * c * (1 + 3 * k * z * z)
        }
        #expect(zip(v.grad!.scalars, slopes).allSatisfy { abs($0 - $1) <= 1e-14 })
    }

    @Test func theReportsNameTheFusedPrimitives() {
        let x = V(random([4, 3], seed: 7)), bias = V(random([3], seed: 8))
        let loss = Fusion.with(true) { x.addingBias(bias, activation: .gelu) }.sum()
        #expect(loss.memoryReport().description.contains("biasGELU fuses add, scale, erf, addConstant, multiply"))
        #expect(loss.dot().contains("biasGELU\\nfuses add, scale, erf"))
    }
}

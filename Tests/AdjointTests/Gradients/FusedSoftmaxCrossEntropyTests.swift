import Testing
@testable import Adjoint

// The fused softmax cross-entropy per row against its composition (logSoftmax and gather),
// with and without label smoothing, Float and Double, large scores, several blocks of rows;
// bit for bit across thread counts; gradcheck in Double; differentiated twice.

@Suite struct FusedSoftmaxCrossEntropyTests {
    static let shapes: [[Int]] = [[3, 5], [4, 16, 27], [2000, 10], [7, 1]]

    /// The per-row losses and the scores' gradient for a seeded upstream gradient.
    static func results<S: TensorScalar>(shape: [Int], smoothing: S, fused: Bool, as _: S.Type) -> (Primitive?, [Tensor<S>]) {
        var rng = SeededGenerator(seed: UInt64(shape.reduce(1, *)))
        // Scores up to about ±40, where an unshifted exp would overflow Float's sum.
        let x = Variable(Tensor<S>.randn(shape, std: 10, using: &rng))
        let rows = shape.dropLast().reduce(1, *)
        let labels = (0..<rows).map { ($0 * 7 + 3) % shape.last! }
        let upstream = Tensor<S>.randn(Array(shape.dropLast()), using: &rng)
        let y = Fusion.with(fused) { x.softmaxCrossEntropy(labels: labels, labelSmoothing: smoothing) }
        return (y.primitive, [y.value, gradients(of: y, wrt: [x], seed: upstream)[0].value])
    }

    static func expectFusedMatchesPlain<S: TensorScalar>(shape: [Int], smoothing: S, tolerance: Double) {
        let fused = results(shape: shape, smoothing: smoothing, fused: true, as: S.self)
        let plain = results(shape: shape, smoothing: smoothing, fused: false, as: S.self)
        #expect(fused.0 == .softmaxCrossEntropy && plain.0 != .softmaxCrossEntropy)
        for (a, b) in zip(fused.1, plain.1) {
            #expect(a.shape == b.shape)
            let distance = relativeDistance(a, b)
            #expect(distance <= tolerance, "\(shape) \(S.self) smoothing \(smoothing): relative distance \(distance)")
        }
    }

    @Test(arguments: shapes)
    func fusedMatchesTheCompositionInFloatAndDouble(shape: [Int]) {
        for smoothing in [0, 0.1] {
            Self.expectFusedMatchesPlain(shape: shape, smoothing: Float(smoothing), tolerance: 2e-6)
            Self.expectFusedMatchesPlain(shape: shape, smoothing: smoothing, tolerance: 1e-14)
        }
    }

    @Test func fusedIsBitIdenticalOnOneAndTwoThreads() {
        let saved = Parallelism.maxThreads
        defer { Parallelism.maxThreads = saved }
        for shape in Self.shapes {
            Parallelism.maxThreads = 1
            let one = Self.results(shape: shape, smoothing: Float(0.1), fused: true, as: Float.self).1
            Parallelism.maxThreads = 2
            let two = Self.results(shape: shape, smoothing: Float(0.1), fused: true, as: Float.self).1
            for (a, b) in zip(one, two) { #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern)) }
        }
    }

    @Test(arguments: [0, 0.1])
    func fusedNodePassesGradcheck(smoothing: Double) {
        expectGradcheck("softmaxCrossEntropy", { v in
            let y = Fusion.with(true) { v[0].softmaxCrossEntropy(labels: [0, 4, 2, 2], labelSmoothing: smoothing) }
            #expect(y.primitive == .softmaxCrossEntropy || !y.requiresGrad)
            return y
        }, at: [random([4, 5], seed: 1, low: -3, high: 3)])
    }

    @Test func secondDerivativesMatchTheComposition() {
        let scores = random([4, 5], seed: 2, low: -3, high: 3), direction = random([4, 5], seed: 3)
        let runs = [true, false].map { fused in
            let x = V(scores)
            let y = Fusion.with(fused) { x.softmaxCrossEntropy(labels: [1, 0, 4, 2], labelSmoothing: 0.1) }
            let first = gradients(of: y.sum(), wrt: [x], createGraph: true)[0]
            return gradients(of: (first * V(constant: direction)).sum(), wrt: [x])[0].value
        }
        expectClose(runs[0], runs[1], tolerance: 1e-12)
        #expect(runs[0].abs().max().scalar > 0.01)
    }
}

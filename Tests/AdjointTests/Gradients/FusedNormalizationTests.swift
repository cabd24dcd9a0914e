import Testing
@testable import Adjoint

// The fused batch norm and layer norm against their compositions of primitives (forward,
// statistics and gradients, Float and Double, odd sizes and several blocks of rows), bit for
// bit across thread counts, by gradcheck in Double, differentiated twice, and as the reports
// name them.

@Suite struct FusedNormalizationTests {
    enum Op: String, CaseIterable, Sendable { case batchNorm, batchNormEvaluation, layerNorm }

    /// An input shape and the shape of gamma: odd sizes, and row counts spanning several of
    /// the kernels' blocks with a ragged last one.
    static let cases: [(op: Op, shape: [Int], gamma: [Int])] = [
        (.batchNorm, [5, 3], [3]), (.batchNorm, [7, 4, 3, 13], [13]), (.batchNorm, [64, 9, 9, 17], [17]),
        (.batchNorm, [2000, 9], [9]),
        (.batchNormEvaluation, [6, 5], [5]), (.batchNormEvaluation, [3, 5, 7, 11], [11]),
        (.layerNorm, [3, 5], [5]), (.layerNorm, [2, 9, 33], [33]), (.layerNorm, [1500, 17], [17]),
        (.layerNorm, [3, 5, 7], [5, 7]),
    ]

    /// The output, the batch statistics (`batchNorm` only) and the gradients of x, gamma and
    /// beta for a seeded upstream gradient, with fusion on or off.
    static func results<S: TensorScalar>(_ op: Op, shape: [Int], gamma gammaShape: [Int], fused: Bool,
                                         as _: S.Type) -> (primitive: Primitive?, tensors: [Tensor<S>]) {
        var rng = SeededGenerator(seed: UInt64(shape.reduce(1, *)))
        // Offset from zero, so that a variance taken carelessly (E x² − (E x)²) would show.
        let x = Variable(Tensor<S>.randn(shape, mean: 3, std: 2, using: &rng))
        let gamma = Variable(Tensor<S>.randn(gammaShape, mean: 1, std: 0.5, using: &rng))
        let beta = Variable(Tensor<S>.randn(gammaShape, using: &rng))
        let runningMean = Tensor<S>.randn(gammaShape, using: &rng)
        let runningVariance = Tensor<S>.uniform(gammaShape, low: 0.5, high: 2, using: &rng)
        let upstream = Tensor<S>.randn(shape, using: &rng)
        var statistics: [Tensor<S>] = []
        let y = Fusion.with(fused) { () -> Variable<S> in
            switch op {
            case .batchNorm:
                let (y, mean, variance) = x.batchNorm(gamma: gamma, beta: beta, epsilon: 1e-5)
                statistics = [mean, variance]
                return y
            case .batchNormEvaluation:
                return x.batchNorm(gamma: gamma, beta: beta, runningMean: runningMean, runningVariance: runningVariance,
                                   epsilon: 1e-5)
            case .layerNorm: return x.layerNorm(gamma: gamma, beta: beta, epsilon: 1e-5)
            }
        }
        let grads = gradients(of: y, wrt: [x, gamma, beta], seed: upstream).map(\.value)
        return (y.primitive, [y.value] + statistics + grads)
    }

    static func expectFusedMatchesPlain<S: TensorScalar>(_ c: (op: Op, shape: [Int], gamma: [Int]), _ type: S.Type,
                                                         tolerance: Double) {
        let fused = results(c.op, shape: c.shape, gamma: c.gamma, fused: true, as: type)
        let plain = results(c.op, shape: c.shape, gamma: c.gamma, fused: false, as: type)
        #expect(fused.primitive?.name == c.op.rawValue)
        #expect(plain.primitive == .add || plain.primitive == .reshape)
        #expect(fused.tensors.count == plain.tensors.count)
        for (i, (a, b)) in zip(fused.tensors, plain.tensors).enumerated() {
            #expect(a.shape == b.shape)
            let distance = relativeDistance(a, b)
            #expect(distance <= tolerance, "\(c.op) \(c.shape) \(S.self) result \(i): relative distance \(distance)")
        }
    }

    @Test(arguments: cases.indices)
    func fusedMatchesTheCompositionInFloatAndDouble(index: Int) {
        Self.expectFusedMatchesPlain(Self.cases[index], Float.self, tolerance: 2e-6)
        Self.expectFusedMatchesPlain(Self.cases[index], Double.self, tolerance: 1e-14)
    }

    @Test func fusedIsBitIdenticalOnOneAndTwoThreads() {
        let saved = Parallelism.maxThreads
        defer { Parallelism.maxThreads = saved }
        for c in Self.cases {
            Parallelism.maxThreads = 1
            let one = Self.results(c.op, shape: c.shape, gamma: c.gamma, fused: true, as: Float.self).tensors
            Parallelism.maxThreads = 2
            let two = Self.results(c.op, shape: c.shape, gamma: c.gamma, fused: true, as: Float.self).tensors
            for (a, b) in zip(one, two) {
                #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern), "\(c.op) \(c.shape)")
            }
        }
    }

    /// `f` of x, gamma and beta with fusion on; checks that it records the fused node.
    static func fusedFunction(_ op: Op, epsilon: Double = 1e-5) -> ([V]) -> V {
        { v in
            let y = Fusion.with(true) { () -> V in
                switch op {
                case .batchNorm: return v[0].batchNorm(gamma: v[1], beta: v[2], epsilon: epsilon).output
                case .batchNormEvaluation:
                    return v[0].batchNorm(gamma: v[1], beta: v[2], runningMean: T([0.3, -0.2, 0.1]),
                                          runningVariance: T([0.5, 1.5, 2]), epsilon: epsilon)
                case .layerNorm: return v[0].layerNorm(gamma: v[1], beta: v[2], epsilon: epsilon)
                }
            }
            #expect(y.primitive?.name == op.rawValue || !y.requiresGrad)
            return y
        }
    }

    @Test(arguments: Op.allCases)
    func fusedNodePassesGradcheck(op: Op) {
        let inputs = [random([4, 5, 3], seed: 1, low: -2, high: 2), random([3], seed: 2, low: 0.5, high: 1.5),
                      random([3], seed: 3)]
        expectGradcheck(op.rawValue, Self.fusedFunction(op), at: inputs)
    }

    @Test(arguments: Op.allCases)
    func secondDerivativesMatchTheComposition(op: Op) {
        let inputs = [random([6, 3], seed: 4, low: -2, high: 2), random([3], seed: 5, low: 0.5, high: 1.5), random([3], seed: 6)]
        let direction = random([6, 3], seed: 7), upstream = random([6, 3], seed: 8)
        let runs = [true, false].map { fused in
            let v = inputs.map { V($0) }
            let y = fused ? Self.fusedFunction(op)(v) : Fusion.with(false) { Self.fusedFunction(op)(v) }
            let first = gradients(of: y, wrt: [v[0], v[1]], seed: upstream, createGraph: true)
            #expect(first[0].requiresGrad)
            // The derivative of <x̄, direction> + sum(γ̄) with respect to x and gamma.
            return gradients(of: (first[0] * V(constant: direction)).sum() + first[1].sum(), wrt: [v[0], v[1]]).map(\.value)
        }
        for (a, b) in zip(runs[0], runs[1]) { expectClose(a, b, tolerance: 1e-11) }
    }

    @Test func fusedPrimitivesAreWhatTheCompositionRecords() {
        let x = V(random([6, 3], seed: 9)), gamma = V(T.ones([3])), beta = V(T.zeros([3]))
        let composed: [Primitive: Set<Primitive>] = Fusion.with(false) {
            [.batchNorm: x.batchNorm(gamma: gamma, beta: beta, epsilon: 1e-5).output.recordedPrimitives,
             .batchNormReLU: x.batchNormReLU(gamma: gamma, beta: beta, epsilon: 1e-5).output.recordedPrimitives,
             .batchNormEvaluation: x.batchNorm(gamma: gamma, beta: beta, runningMean: T.zeros([3]),
                                               runningVariance: T.ones([3]), epsilon: 1e-5).recordedPrimitives,
             .layerNorm: x.layerNorm(gamma: gamma, beta: beta, epsilon: 1e-5).recordedPrimitives,
             .biasReLU: x.addingBias(beta, activation: .relu).recordedPrimitives,
             .biasTanh: x.addingBias(beta, activation: .tanh).recordedPrimitives,
             .biasGELU: x.addingBias(beta, activation: .gelu).recordedPrimitives,
             .biasGELUTanh: x.addingBias(beta, activation: .geluTanh).recordedPrimitives,
             .attentionSoftmax: x.attentionSoftmax(scale: 0.5, isCausal: true).recordedPrimitives,
             .softmaxCrossEntropy: x.softmaxCrossEntropy(labels: [0, 2, 1, 1, 0, 2], labelSmoothing: 0.1).recordedPrimitives,
             .dropout: { var rng = SeededGenerator(seed: 1); return x.dropout(probability: 0.5, using: &rng).recordedPrimitives }()]
        }
        // The recurrent steps' are checked in FusedRecurrentCellTests.
        #expect(Set(Primitive.fused).subtracting(composed.keys) == [.lstmCell, .lstmHidden, .gruCell, .lstmSequence, .lstmSequenceCell])
        for primitive in Primitive.fused where composed[primitive] != nil {
            #expect(Set(primitive.fusedPrimitives) == composed[primitive], "\(primitive)")
            #expect(primitive.fusedPrimitives.count == composed[primitive]?.count)
        }
        #expect(Primitive.fused.allSatisfy { !Primitive.builtIn.contains($0) })
        #expect(Primitive.builtIn.allSatisfy { $0.fusedPrimitives.isEmpty })
    }

    @Test func reportsAndTheGraphSayWhatWasFused() {
        let x = V(random([6, 3], seed: 10)), gamma = V(T.ones([3])), beta = V(T.zeros([3]))
        let y = Fusion.with(true) { x.layerNorm(gamma: gamma, beta: beta, epsilon: 1e-5) }
        let loss = y.sum()
        #expect(loss.memoryReport().description.contains(
            "layerNorm fuses sum, divideByConstant, subtract, multiply, addConstant, sqrt, divide, add"))
        #expect(loss.dot().contains("layerNorm\\nfuses sum, divideByConstant"))
        let plain = Fusion.with(false) { x.layerNorm(gamma: gamma, beta: beta, epsilon: 1e-5) }.sum()
        #expect(!plain.memoryReport().description.contains("fuses"))
        #expect(!plain.dot().contains("fuses"))
    }

    /// A negative epsilon takes the square root of a negative variance on a constant feature.
    func anomaly(fused: Bool) -> AnomalyError? {
        let x = V(T([1, 2, 1, 3, 1, 4], shape: [3, 2])), gamma = V(T.ones([2])), beta = V(T.zeros([2]))
        do {
            try withAnomalyDetection {
                Fusion.with(fused) { x.batchNorm(gamma: gamma, beta: beta, epsilon: -1).output }.sum().backward()
            }
        } catch let error as AnomalyError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }

    @Test func anAnomalyInAFusedNodeSaysHowToNameThePrimitive() {
        let fused = anomaly(fused: true)
        #expect(fused?.primitive == .batchNorm)
        #expect(fused?.description.contains("`batchNorm` fuses sum, divideByConstant") == true)
        #expect(fused?.description.contains("run it again inside `Fusion.with(false)` to name which") == true)
        // Run again as the composition, it names the primitive.
        #expect(anomaly(fused: false)?.primitive == .sqrt)
        #expect(anomaly(fused: false)?.description.contains("fuses") == false)
    }

    /// On unless a scope turns it off, and a task started inside the scope inherits it, as
    /// recording does.
    @Test func fusionIsOnByDefaultAndScoped() async {
        #expect(Fusion.isEnabled)
        let x = V(random([6, 3], seed: 11)), gamma = V(T.ones([3])), beta = V(T.zeros([3]))
        #expect(x.layerNorm(gamma: gamma, beta: beta, epsilon: 1e-5).primitive == .layerNorm)
        Fusion.with(false) {
            #expect(!Fusion.isEnabled)
            #expect(x.layerNorm(gamma: gamma, beta: beta, epsilon: 1e-5).primitive == .add)
            Fusion.with(true) { #expect(Fusion.isEnabled) }
        }
        let inner = Fusion.with(false) { Task { Fusion.isEnabled } }
        #expect(await inner.value == false)
        #expect(Fusion.isEnabled)
    }
}

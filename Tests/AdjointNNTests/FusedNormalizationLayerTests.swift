import Testing
import AdjointNN

// BatchNorm and LayerNorm inside `Fusion.with(true)` record one fused node and agree with
// their compositions: outputs, gradients and BatchNorm's running statistics, training and
// evaluation, over a few steps.

@Suite struct FusedNormalizationLayers {
    /// Two copies of one layer, run fused and plain on the same steps.
    static func expectFusedMatchesPlain(_ fused: Module<Float>, _ plain: Module<Float>, shape: [Int], primitives: [String]) {
        var rng = SeededGenerator(seed: 11)
        for (step, expected) in primitives.enumerated() {
            if step == primitives.count - 1 { fused.eval(); plain.eval() }
            let x = Tensor<Float>.randn(shape, mean: 1, std: 3, using: &rng), upstream = Tensor<Float>.randn(shape, using: &rng)
            let a = Variable(x), b = Variable(x)
            let ya = Fusion.with(true) { fused(a) }, yb = Fusion.with(false) { plain(b) }
            #expect(ya.primitiveName == expected && yb.primitiveName != expected)
            #expect(relativeDistance(ya.value, yb.value) < 2e-6)
            ya.backward(seed: upstream)
            yb.backward(seed: upstream)
            #expect(relativeDistance(a.grad!, b.grad!) < 2e-6)
            for (p, q) in zip(fused.parameters, plain.parameters) {
                #expect(relativeDistance(p.grad!, q.grad!) < 2e-6)
                // One plain SGD step, so the next step starts from moved parameters.
                p.value -= 0.1 * p.grad!
                q.value -= 0.1 * q.grad!
                p.zeroGrad()
                q.zeroGrad()
            }
        }
        for (a, b) in zip(fused.namedBuffers, plain.namedBuffers) {
            #expect(relativeDistance(a.buffer.value, b.buffer.value) < 2e-6)
        }
    }

    @Test(arguments: [[33, 7], [4, 5, 3, 9]])
    func batchNormFusedMatchesPlain(shape: [Int]) {
        Self.expectFusedMatchesPlain(BatchNorm<Float>(shape.last!), BatchNorm<Float>(shape.last!), shape: shape,
                                     primitives: ["batchNorm", "batchNorm", "batchNormEvaluation"])
    }

    @Test func layerNormFusedMatchesPlain() {
        Self.expectFusedMatchesPlain(LayerNorm<Float>(normalizedShape: [5, 7]), LayerNorm<Float>(normalizedShape: [5, 7]),
                                     shape: [3, 5, 7], primitives: ["layerNorm", "layerNorm"])
    }
}

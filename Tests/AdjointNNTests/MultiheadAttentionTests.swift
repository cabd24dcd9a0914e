import Foundation
import Testing
@testable import AdjointNN

// MultiheadAttention against per-head plain-loop attention, its two self-attention paths
// against the three-input one, and its gradients against centred differences (float64).

@Suite struct MultiheadAttentionDefinition {
    static func layer() -> MultiheadAttention<Double> {
        var rng = SeededGenerator(seed: 31)
        let mha = MultiheadAttention<Double>(embedDim: 6, heads: 2, rng: &rng)
        mha.inProjectionBias.value = .randn([18], using: &rng)
        mha.outProjection.bias.value = .randn([6], using: &rng)
        return mha
    }

    @Test func parametersNamedAndShapedAsDocumented() {
        let mha = Self.layer()
        #expect(mha.namedParameters.map(\.path) == ["inProjectionWeight", "inProjectionBias", "outProjection.weight", "outProjection.bias"])
        #expect(mha.namedParameters.map(\.variable.shape) == [[6, 18], [18], [6, 6], [6]])
        let bound = 1 / 6.0.squareRoot(), xavier = (6 / 24.0).squareRoot()
        #expect(mha.outProjection.weight.value.scalars.allSatisfy { abs($0) <= bound })
        #expect(mha.inProjectionWeight.value.scalars.allSatisfy { abs($0) <= xavier })
    }

    @Test func matchesPerHeadLoop() {
        var rng = SeededGenerator(seed: 32)
        let mha = Self.layer()
        let (query, memory) = (Tensor<Double>.randn([2, 3, 6], using: &rng), Tensor<Double>.randn([2, 4, 6], using: &rng))
        let mask = Tensor<Double>([1, 1, 1, 1, 1, 0, 1, 1], shape: [2, 1, 1, 4])
        let output = mha(Variable(query), key: Variable(memory), value: Variable(memory), mask: mask).value
        let w = mha.inProjectionWeight.value, b = mha.inProjectionBias.value
        let project = { (x: Tensor<Double>, part: Int) in x.matmul(w.slice((6 * part)..<(6 * part + 6), alongAxis: 1)) + b.slice((6 * part)..<(6 * part + 6)) }
        let (q, k, v) = (project(query, 0), project(memory, 1), project(memory, 2))
        var merged = [Double]()
        for n in 0..<2 {
            let heads = (0..<2).map { head in
                loopAttention(rows(q.slice((3 * head)..<(3 * head + 3), alongAxis: 2), n), rows(k.slice((3 * head)..<(3 * head + 3), alongAxis: 2), n),
                              rows(v.slice((3 * head)..<(3 * head + 3), alongAxis: 2), n)) { _, j in mask.scalars[n * 4 + j] != 0 }.output
            }
            for i in 0..<3 { merged += heads[0][i] + heads[1][i] }
        }
        let expected = Tensor(merged, shape: [6, 6]).matmul(mha.outProjection.weight.value) + mha.outProjection.bias.value
        #expect(scaledDifference(output, expected.reshaped([2, 3, 6])) < 1e-14)
    }

    @Test func selfAttentionPathsAgree() {
        var rng = SeededGenerator(seed: 33)
        let mha = Self.layer()
        let x = Tensor<Double>.randn([2, 4, 6], using: &rng)
        // Separate copies take the three-projection path; one tensor takes the fused one.
        let separate = mha(Variable(x), key: Variable(x), value: Variable(x), isCausal: true).value
        let fused = mha(Variable(x), isCausal: true).value
        #expect(scaledDifference(fused, separate) < 1e-14)
        #expect(scaledDifference(mha(Variable(x)).value, mha(Variable(x), key: Variable(x), value: Variable(x)).value) < 1e-14)
        #expect(scaledDifference(fused, mha(Variable(x)).value) > 1e-3)
    }

    @Test func gradientsOfInputsAndParameters() {
        var rng = SeededGenerator(seed: 34)
        let mha = Self.layer()
        let x = Variable(Tensor<Double>.randn([2, 3, 6], using: &rng))
        let memory = Variable(Tensor<Double>.randn([2, 4, 6], using: &rng))
        let mask = Tensor<Double>([1, 0, 1, 1, 1, 1, 1, 0], shape: [2, 1, 1, 4])
        let cross = compareGradients(of: { mha(x, key: memory, value: memory, mask: mask) },
                                     wrt: [("x", x), ("memory", memory)] + mha.namedParameters, seed: 35)
        #expect(cross.report("MultiheadAttention cross, padded") < 1e-7)
        // A shift shared by all keys leaves the softmax alone: the key bias's gradient is exactly
        // 0, which is why only the error above noise is asked of inProjectionBias.
        let keyBias = cross.tape["inProjectionBias"]!.slice(6..<12)
        #expect(keyBias.scalars.allSatisfy { abs($0) < 1e-12 })
        let causal = compareGradients(of: { mha(x, isCausal: true) }, wrt: [("x", x)] + mha.namedParameters, seed: 36)
        #expect(causal.report("MultiheadAttention causal self") < 1e-7)
    }
}

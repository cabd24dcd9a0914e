import Foundation
import Testing
@testable import AdjointNN

// Attention against its definition written as plain loops, exact zero weights where masked,
// and tape gradients against centred differences (float64).

/// Plain-loop attention of one `(L, E)` query block over `(S, E)` keys and `(S, Ev)` values:
/// the softmax runs over the allowed keys only, and a query with none gets zeros.
func loopAttention(_ q: [[Double]], _ k: [[Double]], _ v: [[Double]], allowed: (Int, Int) -> Bool) -> (output: [[Double]], weights: [[Double]]) {
    let scale = 1 / Double(q[0].count).squareRoot()
    var output: [[Double]] = [], weights: [[Double]] = []
    for i in q.indices {
        let scores = k.indices.map { j in zip(q[i], k[j]).reduce(0) { $0 + $1.0 * $1.1 } * scale }
        let keys = k.indices.filter { allowed(i, $0) }
        let top = keys.map { scores[$0] }.max() ?? 0
        let total = keys.reduce(0.0) { $0 + Foundation.exp(scores[$1] - top) }
        let row = k.indices.map { allowed(i, $0) ? Foundation.exp(scores[$0] - top) / total : 0 }
        weights.append(row)
        output.append(v[0].indices.map { c in v.indices.reduce(0.0) { $0 + row[$1] * v[$1][c] } })
    }
    return (output, weights)
}

/// The rows of the `(rows, columns)` matrix at `index` of a `(batch, rows, columns)` tensor.
func rows(_ t: Tensor<Double>, _ index: Int) -> [[Double]] {
    let (r, c) = (t.shape[1], t.shape[2])
    return (0..<r).map { i in Array(t.scalars[(index * r + i) * c..<(index * r + i + 1) * c]) }
}

@Suite struct AttentionDefinition {
    let q: Tensor<Double>, k: Tensor<Double>, v: Tensor<Double>
    // Batch 0 attends to every key but 2, batch 1 to keys 0..<3 (and its query 3 to none, below).
    let mask = Tensor<Double>([1, 1, 0, 1, 1, 1, 1, 1, 0, 0], shape: [2, 1, 5])

    init() {
        var rng = SeededGenerator(seed: 21)
        (q, k, v) = (.randn([2, 4, 3], using: &rng), .randn([2, 5, 3], using: &rng), .randn([2, 5, 2], using: &rng))
    }

    @Test func maskedMatchesLoopWithExactZeros() {
        var maskWithEmptyRow = mask.broadcast(to: [2, 4, 5])
        maskWithEmptyRow = maskWithEmptyRow * Tensor([1, 1, 1, 1, 1, 1, 1, 0], shape: [2, 4, 1])
        let weights = scaledDotProductAttentionWeights(query: Variable(q), key: Variable(k), mask: maskWithEmptyRow).value
        let output = scaledDotProductAttention(query: Variable(q), key: Variable(k), value: Variable(v), mask: maskWithEmptyRow).value
        for n in 0..<2 {
            let expected = loopAttention(rows(q, n), rows(k, n), rows(v, n)) { i, j in maskWithEmptyRow.scalars[(n * 4 + i) * 5 + j] != 0 }
            #expect(scaledDifference(Tensor(rows(output, n).flatMap { $0 }, shape: [4, 2]), Tensor(expected.output.flatMap { $0 }, shape: [4, 2])) < 1e-14)
            #expect(scaledDifference(Tensor(rows(weights, n).flatMap { $0 }, shape: [4, 5]), Tensor(expected.weights.flatMap { $0 }, shape: [4, 5])) < 1e-14)
        }
        // Masked keys get exactly zero weight, not a tiny exp; the empty query gets zero output.
        let masked = zip(weights.scalars, maskWithEmptyRow.scalars).filter { $0.1 == 0 }.map(\.0)
        #expect(masked.count == 4 + 3 * 2 + 5)
        #expect(masked.allSatisfy { $0 == 0 })
        #expect(rows(output, 1)[3] == [0, 0])
        #expect(!output.scalars.contains { $0.isNaN })
    }

    @Test func causalMatchesLoopAndSeesNoFuture() {
        let keys = k.slice(0..<4, alongAxis: 1), values = v.slice(0..<4, alongAxis: 1)
        let weights = scaledDotProductAttentionWeights(query: Variable(q), key: Variable(keys), isCausal: true).value
        let output = scaledDotProductAttention(query: Variable(q), key: Variable(keys), value: Variable(values), isCausal: true).value
        for n in 0..<2 {
            let expected = loopAttention(rows(q, n), rows(keys, n), rows(values, n)) { i, j in j <= i }
            #expect(scaledDifference(Tensor(rows(output, n).flatMap { $0 }, shape: [4, 2]), Tensor(expected.output.flatMap { $0 }, shape: [4, 2])) < 1e-14)
            for i in 0..<4 { #expect(rows(weights, n)[i][(i + 1)...].allSatisfy { $0 == 0 }) }
        }
        #expect(rows(weights, 0)[0][0] == 1)
    }

    @Test func gradientsWithMaskAndCausality() {
        var rng = SeededGenerator(seed: 22)
        let inputs = [Tensor<Double>.randn([2, 3, 4, 3], using: &rng), .randn([2, 3, 4, 3], using: &rng), .randn([2, 3, 4, 2], using: &rng)]
        // Batch 1 cannot see key 0, so its query 0 has no key at all under causality.
        let padding = Tensor<Double>([1, 1, 1, 1, 0, 1, 1, 1], shape: [2, 1, 1, 4])
        let result = gradcheck({ scaledDotProductAttention(query: $0[0], key: $0[1], value: $0[2], mask: padding, isCausal: true) },
                               at: inputs, seed: 23)
        #expect(GradientComparison(result, names: ["query", "key", "value"]).report("scaledDotProductAttention") < 1e-7)
        let queryGrad = result.tape[0]
        #expect(queryGrad.slice(1..<2).slice(0..<1, alongAxis: 2).scalars.allSatisfy { $0 == 0 })
    }
}

import Testing
@testable import Adjoint

// Property test: random expression trees over random broadcast-compatible shapes, each
// gradchecked. Every subexpression's shape broadcasts to the case's base shape, so any two
// of them can be combined by a broadcasting binary operation.

/// A random expression and its leaves' shapes; `evaluate` builds it on the tape.
indirect enum Expression: CustomStringConvertible {
    case leaf(Int)
    case unary(String, Expression, (V) -> V)
    case binary(String, Expression, Expression, (V, V) -> V)
    /// An operation that also reads leaf `weight` (matmul weights, multipliers in a permuted layout).
    case withWeight(String, Expression, weight: Int, (V, V) -> V)

    func evaluate(_ leaves: [V]) -> V {
        switch self {
        case .leaf(let i): leaves[i]
        case .unary(_, let e, let f): f(e.evaluate(leaves))
        case .binary(_, let a, let b, let f): f(a.evaluate(leaves), b.evaluate(leaves))
        case .withWeight(_, let e, let w, let f): f(e.evaluate(leaves), leaves[w])
        }
    }

    var description: String {
        switch self {
        case .leaf(let i): "x\(i)"
        case .unary(let name, let e, _): "\(name)(\(e))"
        case .binary(let name, let a, let b, _): "\(name)(\(a), \(b))"
        case .withWeight(let name, let e, let w, _): "\(name)(\(e), x\(w))"
        }
    }
}

/// Draws expressions whose shapes broadcast to `base`.
struct ExpressionGenerator {
    var rng: SeededGenerator
    let base: [Int]
    let maxDepth: Int
    var leafShapes: [[Int]] = []

    mutating func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { rng.nextUniform() < p }

    /// The base shape with some leading axes dropped and some axes set to 1.
    mutating func compatibleShape() -> [Int] {
        let rank = base.count - below(base.count + 1) / 2
        return base.suffix(rank).map { chance(0.3) ? 1 : $0 }
    }

    /// A new input of `shape`; returns its index.
    mutating func newLeaf(_ shape: [Int]) -> Int {
        leafShapes.append(shape)
        return leafShapes.count - 1
    }

    mutating func expression(depth: Int) -> (Expression, [Int]) {
        // The root is never a bare input.
        if depth == 0 || (depth < maxDepth && chance(0.2)) {
            let shape = compatibleShape()
            return (.leaf(newLeaf(shape)), shape)
        }
        let (e, shape) = expression(depth: depth - 1)
        switch below(12) {
        case 0:
            let (other, otherShape) = expression(depth: depth - 1)
            let names = ["add", "subtract", "multiply"]
            let k = below(3)
            let ops: [(V, V) -> V] = [{ $0 + $1 }, { $0 - $1 }, { $0 * $1 }]
            return (.binary(names[k], e, other, ops[k]), broadcastShape(shape, otherShape)!)
        case 1:
            let (other, otherShape) = expression(depth: depth - 1)
            return (.binary("divide", e, other, { a, b in a / (b * b + 1) }), broadcastShape(shape, otherShape)!)
        case 2:
            let names = ["tanh", "sigmoid", "expTanh", "logSquarePlus1", "sqrtSquarePlus1", "pow1.5", "negate"]
            let ops: [(V) -> V] = [
                { $0.tanh() }, { $0.sigmoid() }, { $0.tanh().exp() }, { ($0 * $0 + 1).log() },
                { ($0 * $0 + 1).sqrt() }, { ($0 * $0 + 0.5).pow(1.5) }, { -$0 },
            ]
            let k = below(ops.count)
            return (.unary(names[k], e, ops[k]), shape)
        case 3 where !shape.isEmpty:
            // A reduction with the axis kept, so the shape still broadcasts to the base.
            let axis = below(shape.count)
            var kept = shape
            kept[axis] = 1
            let k = below(3)
            let ops: [(V) -> V] = [
                { $0.sum(alongAxes: [axis], keepingDimensions: true) },
                { $0.mean(alongAxes: [axis], keepingDimensions: true) },
                { $0.max(alongAxis: axis, keepingDimensions: true) },
            ]
            return (.unary(["sum", "mean", "max"][k] + "@\(axis)", e, ops[k]), kept)
        case 4 where !shape.isEmpty:
            let axis = below(shape.count)
            let log = chance(0.5)
            return (.unary((log ? "logSoftmax@" : "softmax@") + "\(axis)", e, {
                log ? $0.logSoftmax(alongAxis: axis) : $0.softmax(alongAxis: axis)
            }), shape)
        case 5 where !shape.isEmpty:
            // Matmul by a square weight keeps the shape; 3-D inputs use the batched x 2-D path.
            let n = shape.last!
            let transpose = chance(0.5)
            let w = newLeaf([n, n])
            let lifted = shape.count == 1
            return (.withWeight(transpose ? "matmulT" : "matmul", e, weight: w, { x, w in
                let m = lifted ? x.reshaped([1, n]) : x
                let y = m.matmul(w, transposeOther: transpose)
                return lifted ? y.reshaped([n]) : y
            }), shape)
        case 6 where shape.count >= 2:
            // Multiply in a permuted layout by a weight of that layout, then permute back.
            var axes = Array(0..<shape.count)
            for i in axes.indices.reversed() { axes.swapAt(i, below(i + 1)) }
            var inverse = axes
            for (i, a) in axes.enumerated() { inverse[a] = i }
            let permutedShape = axes.map { shape[$0] }
            let w = newLeaf(permutedShape.map { chance(0.3) ? 1 : $0 })
            return (.withWeight("permute\(axes)", e, weight: w, { x, w in (x.permuted(axes) * w).permuted(inverse) }), shape)
        case 7 where !shape.isEmpty:
            return (.unary("reshapeRoundTrip", e, { $0.reshaped([-1]).tanh().reshaped(shape) }), shape)
        case 8 where shape.contains { $0 >= 2 }:
            // Split along an axis, treat the parts differently, join them again.
            let axis = shape.firstIndex { $0 >= 2 }!
            let cut = 1 + below(shape[axis] - 1)
            let n = shape[axis]
            return (.unary("split@\(axis):\(cut)", e, { x in
                V.concatenate([x.slice(0..<cut, alongAxis: axis).tanh(), x.slice(cut..<n, alongAxis: axis) * 2],
                              alongAxis: axis)
            }), shape)
        case 9 where !shape.isEmpty:
            // Picks one entry per row of the last axis; the reshape keeps that axis as size 1.
            let rows = shape.dropLast().reduce(1, *)
            let indices = (0..<rows).map { _ in below(shape.last!) }
            var kept = shape
            kept[kept.count - 1] = 1
            return (.unary("gather\(indices)", e, { $0.gathering(indices).reshaped(kept) }), kept)
        case 10:
            let mask = T.uniform(compatibleShape(), using: &rng) .> 0.5
            let (other, otherShape) = expression(depth: depth - 1)
            return (.binary("select", e, other, { $0.select(mask, else: $1) }),
                    broadcastShape(broadcastShape(shape, otherShape)!, mask.shape)!)
        default:
            let target = broadcastShape(shape, base)!
            return (.unary("broadcast\(target)", e, { $0.broadcast(to: target) * 0.5 }), target)
        }
    }
}

@Suite struct RandomExpressionTests {
    @Test func randomExpressionsMatchNumericalGradients() {
        var worst = 0.0
        for seed in UInt64(0)..<50 {
            var rng = SeededGenerator(seed: 1000 + seed)
            let rank = 1 + Int(rng.next() % 3)
            let base = (0..<rank).map { _ in 1 + Int(rng.next() % 4) }
            var generator = ExpressionGenerator(rng: rng, base: base, maxDepth: 4)
            let (expression, shape) = generator.expression(depth: 4)
            let reduceAll = seed % 3 == 0
            let inputs = generator.leafShapes.enumerated().map { random($0.element, seed: seed * 100 + UInt64($0.offset)) }
            let result = gradcheck({ v in
                let y = expression.evaluate(v)
                return reduceAll ? y.sum() : y
            }, at: inputs)
            let errors = result.errors
            worst = max(worst, result.maxError)
            print("random \(seed) base \(base) -> \(shape): \(expression); errors \(errors)")
            #expect(result.maxError < 1e-7, "seed \(seed): \(expression) errors \(errors)")
        }
        print("random expressions: worst relative error \(worst)")
    }
}

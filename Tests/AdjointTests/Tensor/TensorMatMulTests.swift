import Testing
@testable import Adjoint

// Matrix products, 2-D and batched, with every combination of transposed operands, against
// the triple loop.

@Suite struct TensorMatMulTests {
    /// `a @ b` for 2-D `a` (m x k) and `b` (k x n), by definition.
    static func naive(_ a: T, _ b: T) -> T {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        var out = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k { out[i * n + j] += a[i, p] * b[p, j] } } }
        return T(out, shape: [m, n])
    }

    /// `naive` applied to each batch element; a 2-D operand is shared by all of them.
    static func naiveBatched(_ a: T, _ b: T) -> T {
        let batch = a.rank > 2 ? Array(a.shape.dropLast(2)) : Array(b.shape.dropLast(2))
        let count = batch.reduce(1, *)
        func matrix(_ t: T, _ i: Int) -> T {
            guard t.rank > 2 else { return t }
            let rows = t.shape[t.rank - 2], cols = t.shape[t.rank - 1]
            return t.reshaped([count, rows, cols]).slice(i..<i + 1).reshaped([rows, cols])
        }
        let products = (0..<count).map { naive(matrix(a, $0), matrix(b, $0)) }
        let (m, n) = (products[0].shape[0], products[0].shape[1])
        return T.concatenate(products.map { $0.reshaped([1, m, n]) }).reshaped(batch + [m, n])
    }

    @Test(arguments: [false, true], [false, true])
    func twoDimensionalWithTransposes(transposeA: Bool, transposeB: Bool) {
        // Sizes that are not multiples of any SIMD width.
        let (m, k, n) = (5, 7, 3)
        let a = random(transposeA ? [k, m] : [m, k], seed: 30)
        let b = random(transposeB ? [n, k] : [k, n], seed: 31)
        let product = a.matmul(b, transposeSelf: transposeA, transposeOther: transposeB)
        let expected = Self.naive(transposeA ? a.transposed() : a, transposeB ? b.transposed() : b)
        #expect(product.shape == [m, n])
        expectClose(product, expected, tolerance: 1e-14)
    }

    @Test(arguments: [false, true], [false, true])
    func batchedWithTransposes(transposeA: Bool, transposeB: Bool) {
        let (m, k, n) = (3, 4, 2)
        let a = random([2, 3] + (transposeA ? [k, m] : [m, k]), seed: 32)
        let b = random([2, 3] + (transposeB ? [n, k] : [k, n]), seed: 33)
        let product = a.matmul(b, transposeSelf: transposeA, transposeOther: transposeB)
        let expected = Self.naiveBatched(transposeA ? a.transposed() : a, transposeB ? b.transposed() : b)
        #expect(product.shape == [2, 3, m, n])
        expectClose(product, expected, tolerance: 1e-14)
    }

    @Test func batchedTimesTwoDimensionalBroadcasts() {
        let a = random([4, 3, 5], seed: 34), w = random([5, 2], seed: 35)
        expectClose(a.matmul(w), Self.naiveBatched(a, w), tolerance: 1e-14)
        let v = random([3, 4], seed: 36), b = random([2, 4, 6], seed: 37)
        expectClose(v.matmul(b), Self.naiveBatched(v, b), tolerance: 1e-14)
        expectClose(w.matmul(a, transposeSelf: true, transposeOther: true),
                    Self.naiveBatched(w.transposed(), a.transposed()), tolerance: 1e-14)
    }

    @Test func floatMatchesDouble() {
        let a = random([6, 9], seed: 38), b = random([9, 4], seed: 39)
        let fa = Tensor<Float>(a.scalars.map(Float.init), shape: a.shape)
        let fb = Tensor<Float>(b.scalars.map(Float.init), shape: b.shape)
        let product = fa.matmul(fb).scalars
        for (x, y) in zip(product, Self.naive(a, b).scalars) { #expect(Swift.abs(Double(x) - y) < 1e-5) }
    }
}

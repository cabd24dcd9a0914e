import Testing
@testable import Adjoint

// matmul with NumPy/PyTorch batch broadcasting: shapes, values against a plain triple loop
// over the broadcast batch, and gradients (the broadcast batch axes summed back) by gradcheck.

@Suite struct BatchMatMulTests {
    /// `a @ b` one element at a time, batch axes broadcast by the test's own rules.
    func referenceMatmul(_ a: T, _ b: T) -> T {
        let (m, k, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1], b.shape[b.rank - 1])
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batch = referenceBroadcastShape(batchA, batchB)
        let values = allIndices(batch + [m, n]).map { index -> Double in
            let outer = Array(index.dropLast(2)), (i, j) = (index[index.count - 2], index[index.count - 1])
            return (0..<k).reduce(0.0) { total, r in
                total + a.scalars[broadcastOffset(outer + [i, r], in: a.shape)] * b.scalars[broadcastOffset(outer + [r, j], in: b.shape)]
            }
        }
        return T(values, shape: batch + [m, n])
    }

    static let cases: [([Int], [Int], [Int])] = [
        ([2, 3, 4, 5], [1, 3, 5, 6], [2, 3, 4, 6]),
        ([2, 3, 4, 5], [5, 6], [2, 3, 4, 6]),
        ([4, 5], [2, 3, 5, 6], [2, 3, 4, 6]),
        ([2, 1, 4, 5], [3, 5, 6], [2, 3, 4, 6]),
        ([1, 4, 5], [3, 1, 5, 6], [3, 1, 4, 6]),
        ([2, 3, 4, 5], [2, 3, 5, 6], [2, 3, 4, 6]),
        ([3, 4, 5], [5, 6], [3, 4, 6]),
    ]

    @Test(arguments: cases)
    func shapesAndValues(a: [Int], b: [Int], expected: [Int]) {
        let x = random(a, seed: 350), y = random(b, seed: 351)
        let product = V(x).matmul(V(y))
        #expect(product.shape == expected)
        expectClose(product.value, referenceMatmul(x, y), tolerance: 1e-14)
        // The transposed layouts read in place give the same products.
        let xT = x.transposed(), yT = y.transposed()
        expectClose(xT.matmul(yT, transposeSelf: true, transposeOther: true), product.value, tolerance: 1e-14)
    }

    @Test(arguments: cases)
    func gradients(a: [Int], b: [Int], expected: [Int]) {
        let x = random(a, seed: 352), y = random(b, seed: 353)
        expectGradcheck("matmul \(a) @ \(b)", { $0[0].matmul($0[1]) }, at: [x, y], upstream: random(expected, seed: 354))
        expectGradcheck("matmul \(a) @ \(b)^T", { $0[0].matmul($0[1], transposeOther: true) },
                        at: [x, y.transposed()], upstream: random(expected, seed: 355))
    }

    @Test func batchAxesThatDoNotBroadcastStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Double>.zeros([2, 3, 4]).matmul(Tensor<Double>.zeros([3, 4, 5]))
        }
        expectStandardError(of: result, contains: ["matmul: batch axes [2] and [3] do not broadcast for [2, 3, 4] and [3, 4, 5]"])
    }
}

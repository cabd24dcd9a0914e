// Matrix multiplication on the engine's packed SIMD kernel.

extension Tensor {
    /// The matrix product `op(self) @ op(other)`, where `op` transposes the last two axes when
    /// asked (no copy is made: the kernel reads the transposed layout directly).
    ///
    /// Both operands have at least 2 axes. Leading (batch) axes must be equal, or one operand is
    /// 2-D and is used for every batch element.
    ///
    /// ```swift
    /// let y = x.matmul(w)                          // (N, D) @ (D, M) -> (N, M)
    /// let g = x.matmul(dy, transposeSelf: true)    // x^T @ dy without transposing x
    /// ```
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        check(rank >= 2 && other.rank >= 2,
              "matmul: needs operands with at least 2 axes, got \(describe(shape)) and \(describe(other.shape))")
        let (rowsA, colsA) = (shape[rank - 2], shape[rank - 1])
        let (rowsB, colsB) = (other.shape[other.rank - 2], other.shape[other.rank - 1])
        let (m, k) = transposeSelf ? (colsA, rowsA) : (rowsA, colsA)
        let (k2, n) = transposeOther ? (colsB, rowsB) : (rowsB, colsB)
        let shapes = "\(describe(shape))\(transposeSelf ? "^T" : "") and \(describe(other.shape))\(transposeOther ? "^T" : "")"
        check(k == k2, "matmul: inner dimensions differ (\(k) vs \(k2)) for \(shapes)")
        let batchA = Array(shape.dropLast(2)), batchB = Array(other.shape.dropLast(2))
        check(batchA == batchB || batchA.isEmpty || batchB.isEmpty,
              "matmul: batch axes differ for \(shapes)")
        let batch = batchA.isEmpty ? batchB : batchA
        let batchCount = batch.reduce(1, *)
        let result = Tensor(uninitializedShape: batch + [m, n])
        let strideA = batchA.isEmpty ? 0 : rowsA * colsA
        let strideB = batchB.isEmpty ? 0 : rowsB * colsB
        withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutablePointerToElements { c in
                    for i in 0..<batchCount {
                        Scalar._gemm(transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k,
                                     a.baseAddress! + i * strideA, lda: colsA,
                                     b.baseAddress! + i * strideB, ldb: colsB,
                                     c + i * m * n, ldc: n, accumulate: false)
                    }
                }
            }
        }
        return result
    }
}

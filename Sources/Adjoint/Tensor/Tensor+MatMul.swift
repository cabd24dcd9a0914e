// Matrix multiplication on the engine's packed SIMD kernel.

extension Tensor {
    /// The matrix product `op(self) @ op(other)`, where `op` transposes the last two axes when
    /// asked (no copy is made: the kernel reads the transposed layout directly).
    ///
    /// Both operands have at least 2 axes. The leading (batch) axes broadcast as NumPy's and
    /// PyTorch's `matmul`: a missing or size-1 batch axis reuses the same matrix, read in place.
    ///
    /// ```swift
    /// let y = x.matmul(w)                          // (N, D) @ (D, M) -> (N, M)
    /// let g = x.matmul(dy, transposeSelf: true)    // x^T @ dy without transposing x
    /// let h = images.matmul(w)                    // (N, H, W, D) @ (D, E) -> (N, H, W, E)
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
        guard let batch = broadcastShape(batchA, batchB) else {
            fatalError("matmul: batch axes \(describe(batchA)) and \(describe(batchB)) do not broadcast for \(shapes)")
        }
        let offsetsA = batchOffsets(of: batchA, in: batch, matrix: rowsA * colsA)
        let offsetsB = batchOffsets(of: batchB, in: batch, matrix: rowsB * colsB)
        let result = Tensor(uninitializedShape: batch + [m, n])
        withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutablePointerToElements { c in
                    for i in offsetsA.indices {
                        Scalar._gemm(transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k,
                                     a.baseAddress! + offsetsA[i], lda: colsA,
                                     b.baseAddress! + offsetsB[i], ldb: colsB,
                                     c + i * m * n, ldc: n, accumulate: false)
                    }
                }
            }
        }
        return result
    }
}

/// For each batch element of `batch` in row-major order, where its matrix starts in an operand
/// whose batch axes are `own` (a missing or size-1 axis reuses one matrix), in elements.
func batchOffsets(of own: [Int], in batch: [Int], matrix: Int) -> [Int] {
    var strides = [Int](repeating: 0, count: batch.count)
    var stride = matrix
    for k in own.indices.reversed() {
        if own[k] != 1 { strides[k + batch.count - own.count] = stride }
        stride *= own[k]
    }
    var offsets = [0]
    offsets.reserveCapacity(batch.reduce(1, *))
    // Row-major: the last batch axis varies fastest.
    for axis in batch.indices {
        offsets = offsets.flatMap { base in (0..<batch[axis]).map { base + $0 * strides[axis] } }
    }
    return offsets
}

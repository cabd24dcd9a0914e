// Filling masked positions with a constant. A select computed as `m * x + (1 - m) * c` turns a
// fill of -infinity into NaN (0 * -inf); this writes the constant itself.

extension Tensor {
    /// `value` where `mask` is nonzero, `self` elsewhere; `mask` broadcasts to `self`'s shape,
    /// as PyTorch's `masked_fill`.
    ///
    /// ```swift
    /// let t = Tensor<Float>(arange: 0, 4)
    /// let future = t.reshaped([1, 4]) .> t.reshaped([4, 1])     // 1 where key j > query i
    /// let scores = a.maskedFill(future, with: -.infinity)     // (4, 4): no attention to the future
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func maskedFill(_ mask: Tensor, with value: Scalar) -> Tensor {
        check(broadcastShape(mask.shape, shape) == shape,
              "maskedFill: mask of shape \(describe(mask.shape)) does not broadcast to \(describe(shape))")
        let mask = mask.broadcast(to: shape)
        let result = Tensor(uninitializedShape: shape)
        let n = count
        withUnsafeBufferPointer { x in
            mask.withUnsafeBufferPointer { m in
                result.storage.withUnsafeMutablePointerToElements { out in
                    inChunks(n, unit: elementwiseChunk) { r in
                        for i in r { out[i] = m[i] != 0 ? value : x[i] }
                    }
                }
            }
        }
        return result
    }
}

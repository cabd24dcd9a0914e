// Flatten and the affine (fully connected) layer. Weights are (inputs, outputs), so a batch
// of rows multiplies from the left: out = x_flat @ w + b.

extension Reference {
    /// What `affineBackward` needs: the input as given (any rank) and the weights.
    ///
    /// ```swift
    /// let (out, cache) = Reference.affineForward(x, w, b)
    /// let (dx, dw, db) = Reference.affineBackward(dout, cache: cache)
    /// ```
    public struct AffineCache<S: TensorScalar> {
        /// The input as given, before flattening.
        public let x: Tensor<S>
        /// The weights `(D, M)`.
        public let w: Tensor<S>
    }

    /// `(N, d1, ..., dk) -> (N, d1 * ... * dk)`; the cache is the input's shape.
    ///
    /// ```swift
    /// let (flat, shape) = Reference.flattenForward(images)   // (15, 2, 2, 3) -> (15, 12)
    /// ```
    public static func flattenForward<S: TensorScalar>(_ x: Tensor<S>) -> (out: Tensor<S>, cache: [Int]) {
        (x.flattened(), x.shape)
    }

    /// The gradient of flatten: the upstream gradient reshaped back to the input's shape.
    ///
    /// ```swift
    /// let (flat, shape) = Reference.flattenForward(images)   // (15, 2, 2, 3) -> (15, 12)
    /// let dimages = Reference.flattenBackward(dflat, cache: shape)
    /// ```
    public static func flattenBackward<S: TensorScalar>(_ dout: Tensor<S>, cache inputShape: [Int]) -> Tensor<S> {
        dout.reshaped(inputShape)
    }

    /// `out = x_flat @ w + b` with `x` of shape `(N, d1, ..., dk)` flattened to `(N, D)`,
    /// `w` `(D, M)`, `b` `(M,)`; `out` is `(N, M)`.
    ///
    /// ```swift
    /// let (out, cache) = Reference.affineForward(x, w, b)
    /// ```
    public static func affineForward<S: TensorScalar>(_ x: Tensor<S>, _ w: Tensor<S>, _ b: Tensor<S>)
        -> (out: Tensor<S>, cache: AffineCache<S>) {
        (x.flattened().matmul(w) + b, AffineCache(x: x, w: w))
    }

    /// `dx = (dout @ w^T)` in `x`'s shape, `dw = x_flat^T @ dout`, `db = sum(dout, axis 0)`.
    ///
    /// ```swift
    /// let (out, cache) = Reference.affineForward(x, w, b)
    /// let (dx, dw, db) = Reference.affineBackward(dout, cache: cache)
    /// ```
    public static func affineBackward<S: TensorScalar>(_ dout: Tensor<S>, cache: AffineCache<S>)
        -> (dx: Tensor<S>, dw: Tensor<S>, db: Tensor<S>) {
        let dx = dout.matmul(cache.w, transposeOther: true).reshaped(cache.x.shape)
        let dw = cache.x.flattened().matmul(dout, transposeSelf: true)
        let db = dout.sum(alongAxes: [0])
        return (dx, dw, db)
    }
}

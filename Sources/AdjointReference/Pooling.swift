// Max pooling over NHWC images as the assignments' naive version: a loop over every window.

extension Reference {
    /// What `maxPoolBackward` needs: the input and the window geometry. The backward finds
    /// each window's maximum again, as the assignments did, rather than storing it.
    ///
    /// ```swift
    /// let (out, cache) = Reference.maxPoolForward(x, pool: 2, stride: 2)
    /// let dx = Reference.maxPoolBackward(dout, cache: cache)   // x's shape
    /// ```
    public struct MaxPoolCache<S: TensorScalar> {
        /// The forward's input, searched again for each window's maximum.
        public let x: Tensor<S>
        let windows: Windows
    }

    /// The maximum of every `pool x pool` window moved by `stride` (no padding), per image and
    /// channel: `(N, H, W, C) -> (N, (H - pool)/stride + 1, (W - pool)/stride + 1, C)`.
    ///
    /// Stops with a message naming the shape when the window is larger than the input or the
    /// stride is not positive.
    ///
    /// ```swift
    /// let (out, cache) = Reference.maxPoolForward(x, pool: 4, stride: 2)   // (15, 8, 8, 3) -> (15, 3, 3, 3)
    /// ```
    public static func maxPoolForward<S: TensorScalar>(_ x: Tensor<S>, pool: Int, stride: Int)
        -> (out: Tensor<S>, cache: MaxPoolCache<S>) {
        let g = Windows(input: x.shape, kernel: pool, stride: stride, padding: 0, op: "maxPoolForward")
        let xs = x.scalars
        let out = maxima(g, xs).map { xs[$0] }
        return (Tensor(out, shape: [g.batch, g.outHeight, g.outWidth, g.channels]), MaxPoolCache(x: x, windows: g))
    }

    /// Routes each `dout` entry to its window's maximum in `x`; everything else gets 0, and an
    /// input that is the maximum of several overlapping windows collects all their gradients.
    ///
    /// When several positions of a window hold the maximum, the first in row-major window
    /// order (smallest `ky`, then smallest `kx`) takes the whole gradient. This is the tape's
    /// `maxPool2d` rule and PyTorch's; the CS231n-style naive backward (`mask = window == max`)
    /// gives it to every tied position instead, which is not a gradient of anything. A
    /// centred numerical gradient at a tie sees neither: moving one tied value by `h` moves the
    /// maximum only upwards, so it reports `dout / 2` at every tied position.
    ///
    /// ```swift
    /// let (out, cache) = Reference.maxPoolForward(x, pool: 2, stride: 2)
    /// let dx = Reference.maxPoolBackward(dout, cache: cache)
    /// ```
    public static func maxPoolBackward<S: TensorScalar>(_ dout: Tensor<S>, cache: MaxPoolCache<S>) -> Tensor<S> {
        let g = cache.windows
        check(dout.shape == [g.batch, g.outHeight, g.outWidth, g.channels],
              "maxPoolBackward: dout \(describe(dout.shape)) does not match the forward's output \(describe([g.batch, g.outHeight, g.outWidth, g.channels]))")
        var dx = [S](repeating: 0, count: cache.x.count)
        for (upstream, i) in zip(dout.scalars, maxima(g, cache.x.scalars)) { dx[i] += upstream }
        return Tensor(dx, shape: cache.x.shape)
    }

    /// The flat input index of each window's maximum, in the output's row-major order; ties go
    /// to the first position in row-major window order (a later position must be strictly larger).
    private static func maxima<S: TensorScalar>(_ g: Windows, _ xs: [S]) -> [Int] {
        var argmax: [Int] = []
        argmax.reserveCapacity(g.batch * g.outHeight * g.outWidth * g.channels)
        for n in 0..<g.batch {
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    let taps = g.taps(oy, ox)
                    for c in 0..<g.channels {
                        var best = g.index(n, taps[0].iy, taps[0].ix, c)
                        for tap in taps.dropFirst() {
                            let i = g.index(n, tap.iy, tap.ix, c)
                            if xs[i] > xs[best] { best = i }
                        }
                        argmax.append(best)
                    }
                }
            }
        }
        return argmax
    }
}

// 2-D convolution over NHWC images as the assignments' "naive" version: nested loops over every
// output position and kernel tap, no im2col and no matrix product, so it shares nothing with
// the tape's implementation but the formula.

extension Reference {
    /// What `conv2dBackward` needs: the input, the weights and the window geometry.
    ///
    /// ```swift
    /// let (out, cache) = Reference.conv2dForward(x, w, b, stride: 2, padding: 1)
    /// let (dx, dw, db) = Reference.conv2dBackward(dout, cache: cache)
    /// ```
    public struct Conv2DCache<S: TensorScalar> {
        /// The forward's input `(N, H, W, iC)`, unpadded.
        public let x: Tensor<S>
        /// The weights `(k, k, iC, oC)`.
        public let w: Tensor<S>
        let windows: Windows
    }

    /// `out[n, oy, ox, o] = b[o] + sum over ky, kx, c of xpad[n, oy*s + ky, ox*s + kx, c] * w[ky, kx, c, o]`
    /// for `x` `(N, H, W, iC)`, `w` `(k, k, iC, oC)`, `b` `(oC,)`, stride `s` and `padding`
    /// zeros around each image (`xpad`); `out` is `(N, (H + 2p - k)/s + 1, (W + 2p - k)/s + 1, oC)`.
    ///
    /// Stops with a message naming the shapes when the kernel is larger than the padded input,
    /// the stride is not positive or the channels do not match.
    ///
    /// ```swift
    /// let (out, cache) = Reference.conv2dForward(x, w, b, stride: 2, padding: 1)
    /// // x (15, 8, 8, 3), w (4, 4, 3, 12) -> out (15, 4, 4, 12)
    /// ```
    public static func conv2dForward<S: TensorScalar>(_ x: Tensor<S>, _ w: Tensor<S>, _ b: Tensor<S>,
                                                      stride: Int = 1, padding: Int = 0)
        -> (out: Tensor<S>, cache: Conv2DCache<S>) {
        check(w.rank == 4 && w.shape[0] == w.shape[1],
              "conv2dForward: weights must be (k, k, inC, outC), got \(describe(w.shape))")
        let g = Windows(input: x.shape, kernel: w.shape[0], stride: stride, padding: padding, op: "conv2dForward")
        let outChannels = w.shape[3]
        check(w.shape[2] == g.channels,
              "conv2dForward: input \(describe(x.shape)) has \(g.channels) channels, weights \(describe(w.shape)) expect \(w.shape[2])")
        check(b.shape == [outChannels],
              "conv2dForward: bias \(describe(b.shape)) does not match weights \(describe(w.shape)) (\(outChannels) outputs)")
        let (xs, ws, bs) = (x.scalars, w.scalars, b.scalars)
        var out = [S](repeating: 0, count: g.batch * g.outHeight * g.outWidth * outChannels)
        for n in 0..<g.batch {
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    let o0 = ((n * g.outHeight + oy) * g.outWidth + ox) * outChannels
                    let taps = g.taps(oy, ox)
                    for o in 0..<outChannels {
                        var sum = bs[o]
                        for (ky, kx, iy, ix) in taps {
                            for c in 0..<g.channels {
                                sum += xs[g.index(n, iy, ix, c)] * ws[((ky * g.kernel + kx) * g.channels + c) * outChannels + o]
                            }
                        }
                        out[o0 + o] = sum
                    }
                }
            }
        }
        let shape = [g.batch, g.outHeight, g.outWidth, outChannels]
        return (Tensor(out, shape: shape), Conv2DCache(x: x, w: w, windows: g))
    }

    /// The gradients of `conv2dForward`, tap by tap: every `dout[n, oy, ox, o]` adds
    /// `w[ky, kx, c, o] * dout` to `dx` at the input position the tap read (taps in the padding
    /// are dropped) and `x * dout` to `dw[ky, kx, c, o]`; `db[o]` sums `dout` over `n, oy, ox`.
    ///
    /// ```swift
    /// let (out, cache) = Reference.conv2dForward(x, w, b, stride: 2, padding: 1)
    /// let (dx, dw, db) = Reference.conv2dBackward(dout, cache: cache)
    /// ```
    public static func conv2dBackward<S: TensorScalar>(_ dout: Tensor<S>, cache: Conv2DCache<S>)
        -> (dx: Tensor<S>, dw: Tensor<S>, db: Tensor<S>) {
        let g = cache.windows, outChannels = cache.w.shape[3]
        check(dout.shape == [g.batch, g.outHeight, g.outWidth, outChannels],
              "conv2dBackward: dout \(describe(dout.shape)) does not match the forward's output \(describe([g.batch, g.outHeight, g.outWidth, outChannels]))")
        let (xs, ws, ds) = (cache.x.scalars, cache.w.scalars, dout.scalars)
        var dx = [S](repeating: 0, count: xs.count)
        var dw = [S](repeating: 0, count: ws.count)
        var db = [S](repeating: 0, count: outChannels)
        for n in 0..<g.batch {
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    let o0 = ((n * g.outHeight + oy) * g.outWidth + ox) * outChannels
                    let taps = g.taps(oy, ox)
                    for o in 0..<outChannels {
                        let upstream = ds[o0 + o]
                        db[o] += upstream
                        for (ky, kx, iy, ix) in taps {
                            for c in 0..<g.channels {
                                let (i, k) = (g.index(n, iy, ix, c), ((ky * g.kernel + kx) * g.channels + c) * outChannels + o)
                                dx[i] += ws[k] * upstream
                                dw[k] += xs[i] * upstream
                            }
                        }
                    }
                }
            }
        }
        return (Tensor(dx, shape: cache.x.shape), Tensor(dw, shape: cache.w.shape), Tensor(db, shape: [outChannels]))
    }
}

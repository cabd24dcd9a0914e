// The window arithmetic the reference convolution and pooling share.

extension Reference {
    /// Where the `kernel x kernel` windows of a convolution or pooling fall on an NHWC input
    /// padded with `padding` zeros, computed here rather than borrowed from the tape's
    /// `PatchGeometry` so that the two sides share no arithmetic.
    struct Windows {
        let batch: Int, height: Int, width: Int, channels: Int
        let kernel: Int, stride: Int, padding: Int
        let outHeight: Int, outWidth: Int

        init(input shape: [Int], kernel: Int, stride: Int, padding: Int, op: String) {
            check(shape.count == 4, "\(op): input must be NHWC (N, H, W, C), got \(describe(shape))")
            check(stride > 0, "\(op): stride must be positive, got \(stride) (input \(describe(shape)))")
            check(kernel > 0 && padding >= 0,
                  "\(op): kernel \(kernel) must be positive and padding \(padding) not negative (input \(describe(shape)))")
            (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
            check(kernel <= height + 2 * padding && kernel <= width + 2 * padding,
                  "\(op): kernel \(kernel)x\(kernel) is larger than the input \(describe(shape)) padded by \(padding) (\(height + 2 * padding)x\(width + 2 * padding))")
            (self.kernel, self.stride, self.padding) = (kernel, stride, padding)
            outHeight = (height + 2 * padding - kernel) / stride + 1
            outWidth = (width + 2 * padding - kernel) / stride + 1
        }

        /// The flat row-major index of `(n, y, x, c)` in the unpadded input.
        func index(_ n: Int, _ y: Int, _ x: Int, _ c: Int) -> Int {
            ((n * height + y) * width + x) * channels + c
        }

        /// The window at output `(oy, ox)` in row-major order `(ky, kx)`, with the input
        /// position `(iy, ix)` each tap reads; taps that fall in the padding are left out.
        func taps(_ oy: Int, _ ox: Int) -> [(ky: Int, kx: Int, iy: Int, ix: Int)] {
            var taps: [(ky: Int, kx: Int, iy: Int, ix: Int)] = []
            for ky in 0..<kernel {
                let iy = oy * stride + ky - padding
                guard iy >= 0 && iy < height else { continue }
                for kx in 0..<kernel {
                    let ix = ox * stride + kx - padding
                    if ix >= 0 && ix < width { taps.append((ky, kx, iy, ix)) }
                }
            }
            return taps
        }
    }
}

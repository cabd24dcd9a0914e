/// Where the square windows of a 2-D convolution or pooling fall on an NHWC input.
///
/// ```swift
/// let g = PatchGeometry(input: [64, 28, 28, 1], kernel: 3, stride: 1, padding: 1, op: "conv2d")
/// let cols = images.patches(g)     // (64 * 28 * 28, 9)
/// ```
public struct PatchGeometry: Sendable, Equatable {
    public let batch: Int, height: Int, width: Int, channels: Int
    public let kernel: Int, stride: Int, padding: Int
    public let outHeight: Int, outWidth: Int

    /// The geometry of `kernel x kernel` windows moved by `stride` over an input of shape
    /// `(N, H, W, C)` padded with `padding` zeros; `op` names the caller in error messages.
    public init(input shape: [Int], kernel: Int, stride: Int, padding: Int, op: String) {
        check(shape.count == 4, "\(op): input must be NHWC (4 axes), got shape \(describe(shape))")
        check(kernel > 0, "\(op): kernel size must be positive, got \(kernel)")
        check(stride > 0, "\(op): stride must be positive, got \(stride)")
        check(padding >= 0, "\(op): padding must not be negative, got \(padding)")
        (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        check(kernel <= height + 2 * padding && kernel <= width + 2 * padding,
              "\(op): kernel \(kernel)x\(kernel) is larger than the padded input \(height + 2 * padding)x\(width + 2 * padding) (shape \(describe(shape)), padding \(padding))")
        (self.kernel, self.stride, self.padding) = (kernel, stride, padding)
        outHeight = (height + 2 * padding - kernel) / stride + 1
        outWidth = (width + 2 * padding - kernel) / stride + 1
    }

    /// Elements in one patch: `kernel * kernel * channels`.
    public var patchSize: Int { kernel * kernel * channels }
    /// Patches in the whole batch: `N * outHeight * outWidth`.
    public var patchCount: Int { batch * outHeight * outWidth }
}

/// Runs `body(n)` for every image of the batch, on all cores when the work is large enough.
func forEachImage(_ batch: Int, work: Int, _ body: (Int) -> Void) {
    if batch > 1 && work >= 1 << 16 {
        parallelFor(batch, body)
    } else {
        for n in 0..<batch { body(n) }
    }
}

/// im2col: row `(n, oy, ox)` of `out` holds the window at that output position, in the
/// weights' `(ky, kx, c)` order; positions in the padding read as 0.
func patchesKernel<S: TensorScalar>(_ g: PatchGeometry, _ x: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>) {
    let rowsPerImage = g.outHeight * g.outWidth
    forEachImage(g.batch, work: g.patchCount * g.patchSize) { n in
        var row = out + n * rowsPerImage * g.patchSize
        let image = x + n * g.height * g.width * g.channels
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                var dst = row
                for ky in 0..<g.kernel {
                    let iy = oy * g.stride + ky - g.padding
                    let x0 = ox * g.stride - g.padding
                    if iy < 0 || iy >= g.height {
                        dst.update(repeating: 0, count: g.kernel * g.channels)
                    } else if x0 >= 0 && x0 + g.kernel <= g.width {
                        // The whole kernel row is inside: one contiguous run of kernel * channels
                        // (an element loop: runs are short, often 3 elements, too short for memcpy).
                        let src = image + (iy * g.width + x0) * g.channels
                        for i in 0..<(g.kernel * g.channels) { dst[i] = src[i] }
                    } else {
                        for kx in 0..<g.kernel {
                            let ix = x0 + kx
                            if ix < 0 || ix >= g.width {
                                (dst + kx * g.channels).update(repeating: 0, count: g.channels)
                            } else {
                                (dst + kx * g.channels).update(from: image + (iy * g.width + ix) * g.channels, count: g.channels)
                            }
                        }
                    }
                    dst += g.kernel * g.channels
                }
                row += g.patchSize
            }
        }
    }
}

/// col2im, the adjoint of `patchesKernel`: every patch element is added back to the input
/// position it came from (padding positions are dropped). `out` is overwritten.
func foldPatchesKernel<S: TensorScalar>(_ g: PatchGeometry, _ cols: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>) {
    let rowsPerImage = g.outHeight * g.outWidth
    let imageSize = g.height * g.width * g.channels
    forEachImage(g.batch, work: g.patchCount * g.patchSize) { n in
        let image = out + n * imageSize
        image.update(repeating: 0, count: imageSize)
        var row = cols + n * rowsPerImage * g.patchSize
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                var src = row
                for ky in 0..<g.kernel {
                    let iy = oy * g.stride + ky - g.padding
                    if iy >= 0 && iy < g.height {
                        for kx in 0..<g.kernel {
                            let ix = ox * g.stride + kx - g.padding
                            if ix >= 0 && ix < g.width {
                                let dst = image + (iy * g.width + ix) * g.channels
                                let s = src + kx * g.channels
                                for c in 0..<g.channels { dst[c] += s[c] }
                            }
                        }
                    }
                    src += g.kernel * g.channels
                }
                row += g.patchSize
            }
        }
    }
}

/// Max pooling: the maximum of each window per channel, and the flat input index it came from.
/// Ties go to the first position in row-major window order. Channels are the innermost loop,
/// so each window position is one contiguous, vectorisable comparison across channels.
func maxPoolKernel<S: TensorScalar>(_ g: PatchGeometry, _ x: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>,
                                    _ argmax: UnsafeMutablePointer<Int>) {
    let outPerImage = g.outHeight * g.outWidth * g.channels
    forEachImage(g.batch, work: g.batch * outPerImage * g.kernel * g.kernel) { n in
        let base = n * g.height * g.width * g.channels
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                let o = n * outPerImage + (oy * g.outWidth + ox) * g.channels
                let best = out + o, bestIndex = argmax + o
                var first = true
                for ky in 0..<g.kernel {
                    let iy = oy * g.stride + ky - g.padding
                    guard iy >= 0 && iy < g.height else { continue }
                    for kx in 0..<g.kernel {
                        let ix = ox * g.stride + kx - g.padding
                        guard ix >= 0 && ix < g.width else { continue }
                        let start = base + (iy * g.width + ix) * g.channels
                        let row = x + start
                        if first {
                            for c in 0..<g.channels { best[c] = row[c]; bestIndex[c] = start + c }
                            first = false
                        } else {
                            // Branch-free selects, so the loop vectorises.
                            for c in 0..<g.channels {
                                let larger = row[c] > best[c]
                                best[c] = larger ? row[c] : best[c]
                                bestIndex[c] = larger ? start + c : bestIndex[c]
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `out[indices[i]] += values[i]`; `out` is not cleared first.
func scatterAddKernel<S: TensorScalar>(_ values: UnsafePointer<S>, _ indices: UnsafePointer<Int>, count: Int,
                                       _ out: UnsafeMutablePointer<S>) {
    for i in 0..<count { out[indices[i]] += values[i] }
}

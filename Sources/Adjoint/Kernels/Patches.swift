/// Where the windows of a 2-D convolution or pooling fall on an NHWC input: `kernelHeight x
/// kernelWidth` windows moved by `strideHeight` rows and `strideWidth` columns over the input
/// padded with `paddingHeight` zero rows and `paddingWidth` zero columns on each side.
///
/// ```swift
/// let g = PatchGeometry(input: [64, 28, 28, 1], kernel: 3, stride: 1, padding: 1, op: "conv2d")
/// let cols = images.patches(g)     // (64 * 28 * 28, 9)
/// let wide = PatchGeometry(input: [1, 8, 8, 3], kernel: (1, 5), stride: (1, 2), padding: (0, 2), op: "conv2d")
/// ```
public struct PatchGeometry: Sendable, Equatable {
    /// The input's shape `(N, H, W, C)`: images, rows, columns and channels.
    public let batch: Int, height: Int, width: Int, channels: Int
    /// The window's size in rows and columns.
    public let kernelHeight: Int, kernelWidth: Int
    /// The step between neighbouring windows, in rows and columns.
    public let strideHeight: Int, strideWidth: Int
    /// Zero rows added above and below the input, and zero columns added left and right.
    public let paddingHeight: Int, paddingWidth: Int
    /// The output's rows and columns: `(H + 2 * paddingHeight - kernelHeight) / strideHeight + 1`,
    /// and likewise for the width.
    ///
    /// ```swift
    /// let y = x.patches(g).matmul(w).reshaped([g.batch, g.outHeight, g.outWidth, -1])
    /// ```
    public let outHeight: Int, outWidth: Int

    /// The geometry of `kernel.height x kernel.width` windows over an input of shape
    /// `(N, H, W, C)`; `op` names the caller in error messages.
    ///
    /// ```swift
    /// let g = PatchGeometry(input: [2, 5, 7, 3], kernel: (2, 3), stride: (1, 2), padding: (0, 1), op: "conv2d")
    /// ```
    public init(input shape: [Int], kernel: (height: Int, width: Int), stride: (height: Int, width: Int),
                padding: (height: Int, width: Int), op: String) {
        check(shape.count == 4, "\(op): input must be NHWC (4 axes), got shape \(describe(shape))")
        check(kernel.height > 0 && kernel.width > 0, "\(op): kernel size must be positive, got \(kernel.height)x\(kernel.width)")
        check(stride.height > 0 && stride.width > 0, "\(op): stride must be positive, got \(stride.height)x\(stride.width)")
        check(padding.height >= 0 && padding.width >= 0,
              "\(op): padding must not be negative, got \(padding.height)x\(padding.width)")
        (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        let (paddedHeight, paddedWidth) = (height + 2 * padding.height, width + 2 * padding.width)
        check(kernel.height <= paddedHeight && kernel.width <= paddedWidth,
              "\(op): kernel \(kernel.height)x\(kernel.width) is larger than the padded input \(paddedHeight)x\(paddedWidth) (shape \(describe(shape)), padding \(padding.height)x\(padding.width))")
        (kernelHeight, kernelWidth) = kernel
        (strideHeight, strideWidth) = stride
        (paddingHeight, paddingWidth) = padding
        outHeight = (paddedHeight - kernel.height) / stride.height + 1
        outWidth = (paddedWidth - kernel.width) / stride.width + 1
    }

    /// The geometry of square `kernel x kernel` windows with the same stride and padding on both axes.
    ///
    /// ```swift
    /// let g = PatchGeometry(input: [64, 28, 28, 1], kernel: 3, stride: 1, padding: 1, op: "conv2d")
    /// ```
    public init(input shape: [Int], kernel: Int, stride: Int, padding: Int, op: String) {
        self.init(input: shape, kernel: (kernel, kernel), stride: (stride, stride), padding: (padding, padding), op: op)
    }

    /// Elements in one patch: `kernelHeight * kernelWidth * channels`.
    ///
    /// ```swift
    /// let w = Tensor<Float>.randn([g.patchSize, 16], std: 0.1, using: &rng)   // 16 filters
    /// ```
    public var patchSize: Int { kernelHeight * kernelWidth * channels }
    /// Patches in the whole batch: `N * outHeight * outWidth`.
    ///
    /// ```swift
    /// x.patches(g).shape == [g.patchCount, g.patchSize]   // true
    /// ```
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
    forEachImage(g.batch, work: g.patchCount * g.patchSize) { n in patchesOfImage(g, x, out, n) }
}

/// The rows of `patchesKernel`'s output that come from image `n`.
@inline(__always)
func patchesOfImage<S: TensorScalar>(_ g: PatchGeometry, _ x: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>, _ n: Int) {
    let rowsPerImage = g.outHeight * g.outWidth
    var row = out + n * rowsPerImage * g.patchSize
    let image = x + n * g.height * g.width * g.channels
    for oy in 0..<g.outHeight {
        for ox in 0..<g.outWidth {
            var dst = row
            for ky in 0..<g.kernelHeight {
                let iy = oy * g.strideHeight + ky - g.paddingHeight
                let x0 = ox * g.strideWidth - g.paddingWidth
                if iy < 0 || iy >= g.height {
                    dst.update(repeating: 0, count: g.kernelWidth * g.channels)
                } else if x0 >= 0 && x0 + g.kernelWidth <= g.width {
                    // The whole kernel row is inside: one contiguous run of kernel * channels
                    // (an element loop: runs are short, often 3 elements, too short for memcpy).
                    let src = image + (iy * g.width + x0) * g.channels
                    for i in 0..<(g.kernelWidth * g.channels) { dst[i] = src[i] }
                } else {
                    for kx in 0..<g.kernelWidth {
                        let ix = x0 + kx
                        if ix < 0 || ix >= g.width {
                            (dst + kx * g.channels).update(repeating: 0, count: g.channels)
                        } else {
                            (dst + kx * g.channels).update(from: image + (iy * g.width + ix) * g.channels, count: g.channels)
                        }
                    }
                }
                dst += g.kernelWidth * g.channels
            }
            row += g.patchSize
        }
    }
}

/// Images per task of `patchesTimesKernel`: at most 512 rows of patches, or one image (two
/// images, 450 KB, for the CNN's second convolution), so a task's patches are still in L2 when
/// its product reads them.
func imagesPerPatchesTask(_ g: PatchGeometry) -> Int { max(1, 512 / max(1, g.outHeight * g.outWidth)) }

/// Whether `patchesTimesKernel` gives the same bits as `patchesKernel` then one product: true
/// when every task's product takes the packed path, as the whole product then does too.
func patchesTimesIsExact(_ g: PatchGeometry, outChannels: Int) -> Bool {
    let perTask = imagesPerPatchesTask(g)
    let lastTask = g.batch % perTask == 0 ? perTask : g.batch % perTask
    return !gemmIsDirect(m: min(perTask, lastTask) * g.outHeight * g.outWidth, n: outChannels, k: g.patchSize)
}

/// im2col and the product of its rows with `w` (`patchSize x outChannels`), a task of a few
/// images at a time on each core, so each task's patches are multiplied while still in cache:
/// the convolution's forward pass. Bit for bit the result of `patchesKernel` then one `gemm`
/// when `patchesTimesIsExact`, since each row of the product sums the same kc blocks of the
/// same packed values in the same order.
func patchesTimesKernel<S: GEMMScalar & TensorScalar>(_ g: PatchGeometry, _ x: UnsafePointer<S>, _ w: UnsafePointer<S>,
                                                     outChannels: Int, patches: UnsafeMutablePointer<S>,
                                                     product: UnsafeMutablePointer<S>) {
    let rowsPerImage = g.outHeight * g.outWidth
    let perTask = imagesPerPatchesTask(g)
    parallelFor((g.batch + perTask - 1) / perTask) { task in
        let n0 = task * perTask, n1 = min(g.batch, n0 + perTask)
        for n in n0..<n1 { patchesOfImage(g, x, patches, n) }
        let row = n0 * rowsPerImage
        gemm(transposeA: false, transposeB: false, m: (n1 - n0) * rowsPerImage, n: outChannels, k: g.patchSize,
             patches + row * g.patchSize, lda: g.patchSize, w, ldb: outChannels,
             product + row * outChannels, ldc: outChannels, accumulate: false, threads: 1)
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
                for ky in 0..<g.kernelHeight {
                    let iy = oy * g.strideHeight + ky - g.paddingHeight
                    if iy >= 0 && iy < g.height {
                        for kx in 0..<g.kernelWidth {
                            let ix = ox * g.strideWidth + kx - g.paddingWidth
                            if ix >= 0 && ix < g.width {
                                let dst = image + (iy * g.width + ix) * g.channels
                                let s = src + kx * g.channels
                                for c in 0..<g.channels { dst[c] += s[c] }
                            }
                        }
                    }
                    src += g.kernelWidth * g.channels
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
    forEachImage(g.batch, work: g.batch * outPerImage * g.kernelHeight * g.kernelWidth) { n in
        let base = n * g.height * g.width * g.channels
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                let o = n * outPerImage + (oy * g.outWidth + ox) * g.channels
                let best = out + o, bestIndex = argmax + o
                var first = true
                for ky in 0..<g.kernelHeight {
                    let iy = oy * g.strideHeight + ky - g.paddingHeight
                    guard iy >= 0 && iy < g.height else { continue }
                    for kx in 0..<g.kernelWidth {
                        let ix = ox * g.strideWidth + kx - g.paddingWidth
                        guard ix >= 0 && ix < g.width else { continue }
                        let start = base + (iy * g.width + ix) * g.channels
                        let row = x + start
                        if first {
                            for c in 0..<g.channels { best[c] = row[c]; bestIndex[c] = start &+ c }
                            first = false
                        } else {
                            // Branch-free selects and no overflow check (`&+`: the index is an
                            // element of `x`), so the loop vectorises; with `+` it stays scalar.
                            for c in 0..<g.channels {
                                let larger = row[c] > best[c]
                                best[c] = larger ? row[c] : best[c]
                                bestIndex[c] = larger ? start &+ c : bestIndex[c]
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `out[0..<size]` zeroed, then `out[indices[i]] += values[i]` for every `i` in order.
///
/// Large outputs are cut into one range per core; each core clears its range and adds the
/// values whose index falls in it, in the same order as one core would, so the sums have the
/// same bits. Every core reads all the indices, which costs less than the clearing and the
/// scattered writes it shares out: max pooling's backward clears four elements per index.
func scatterAddKernel<S: TensorScalar>(_ values: UnsafePointer<S>, _ indices: UnsafePointer<Int>, count: Int,
                                       _ out: UnsafeMutablePointer<S>, size: Int) {
    inParts(size, size >= 2 * elementwiseChunk ? Parallelism.maxThreads : 1) { range in
        (out + range.lowerBound).initialize(repeating: 0, count: range.count)
        for i in 0..<count where range.contains(indices[i]) { out[indices[i]] += values[i] }
    }
}

// The other convolutions as compositions of conv2d's primitives: a 1-D convolution is a 2-D
// one over a single row, and a transposed convolution is conv2d's adjoint, the product with
// the weights followed by col2im (`foldingPatches`), so both gradients come from the tape.

extension Variable {
    /// 1-D convolution of a channels-last `(N, L, inC)` input with weights `(k, inC, outC)`:
    /// `out[n, t, o] = sum over j, c of in[n, t * stride + j * dilation - padding, c] * w[j, c, o]`,
    /// zero outside the input. The output is `(N, (L + 2 * padding - dilation * (k - 1) - 1) / stride + 1, outC)`.
    public func conv1d(_ weights: Variable, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
                       file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            check(shape.count == 3, "conv1d: input must be (N, L, C), got shape \(describe(shape))")
            check(weights.shape.count == 3 && weights.shape[1] == shape[2],
                  "conv1d: weights must be (k, inC, outC) with inC = \(shape[2]) for input \(describe(shape)), got \(describe(weights.shape))")
            check(stride > 0 && dilation > 0 && padding >= 0,
                  "conv1d: stride and dilation must be positive and padding not negative, got stride \(stride), dilation \(dilation), padding \(padding)")
            let (batch, length, inChannels) = (shape[0], shape[1], shape[2])
            let (taps, outChannels) = (weights.shape[0], weights.shape[2])
            let span = dilation * (taps - 1) + 1
            check(taps > 0 && span <= length + 2 * padding,
                  "conv1d: kernel \(taps) with dilation \(dilation) spans \(span), longer than the padded input \(length + 2 * padding) (shape \(describe(shape)), padding \(padding))")
            // A dilated kernel is the dense kernel with dilation - 1 zero taps between its taps.
            let tapSize = inChannels * outChannels
            let kernel = dilation == 1 ? weights : weights.scatterAdding(
                flatIndices: (0..<weights.value.count).map { ($0 / tapSize) * dilation * tapSize + $0 % tapSize },
                shape: [span, inChannels, outChannels])
            let y = reshaped([batch, 1, length, inChannels])
                .conv2d(kernel.reshaped([1, span, inChannels, outChannels]), stride: (1, stride), padding: (0, padding))
            return y.reshaped([batch, y.shape[2], outChannels])
        }
    }

    /// 2-D transposed convolution of an NHWC input `(N, H, W, inC)` with weights
    /// `(kh, kw, outC, inC)`: the adjoint of `conv2d` with the same weights, stride and padding,
    /// so `<conv2d(x, w), y> == <x, convTranspose2d(y, w)>`. Each input pixel scatters its
    /// `(kh, kw, outC)` window into the output, `stride` apart, and `padding` rows and columns
    /// are cropped from each side. The output is `(N, (H - 1) * stride - 2 * padding + kh +
    /// outputPadding, ..., outC)`; `outputPadding` (below the stride) adds rows and columns at the
    /// bottom and right, to pick among the sizes a strided `conv2d` maps to `H`.
    public func convTranspose2d(_ weights: Variable, stride: (height: Int, width: Int) = (1, 1),
                                padding: (height: Int, width: Int) = (0, 0),
                                outputPadding: (height: Int, width: Int) = (0, 0),
                                file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            check(shape.count == 4, "convTranspose2d: input must be NHWC (4 axes), got shape \(describe(shape))")
            check(weights.shape.count == 4 && weights.shape[3] == shape[3],
                  "convTranspose2d: weights must be (kh, kw, outC, inC) with inC = \(shape[3]) for input \(describe(shape)), got \(describe(weights.shape))")
            check(stride.height > 0 && stride.width > 0 && padding.height >= 0 && padding.width >= 0,
                  "convTranspose2d: stride must be positive and padding not negative, got stride \(stride.height)x\(stride.width), padding \(padding.height)x\(padding.width)")
            check((0..<stride.height).contains(outputPadding.height) && (0..<stride.width).contains(outputPadding.width),
                  "convTranspose2d: output padding must be in 0..<stride, got \(outputPadding.height)x\(outputPadding.width) with stride \(stride.height)x\(stride.width)")
            let (batch, height, width, inChannels) = (shape[0], shape[1], shape[2], shape[3])
            let (kernelHeight, kernelWidth, outChannels) = (weights.shape[0], weights.shape[1], weights.shape[2])
            let outHeight = (height - 1) * stride.height - 2 * padding.height + kernelHeight + outputPadding.height
            let outWidth = (width - 1) * stride.width - 2 * padding.width + kernelWidth + outputPadding.width
            check(height > 0 && width > 0 && outHeight > 0 && outWidth > 0,
                  "convTranspose2d: input \(describe(shape)) with weights \(describe(weights.shape)), stride \(stride.height)x\(stride.width) and padding \(padding.height)x\(padding.width) gives an empty \(outHeight)x\(outWidth) output")
            // The conv2d whose adjoint this is maps the output's shape back to the input's.
            let geometry = PatchGeometry(input: [batch, outHeight, outWidth, outChannels], kernel: (kernelHeight, kernelWidth),
                                         stride: stride, padding: padding, op: "convTranspose2d")
            let windows = reshaped([batch * height * width, inChannels])
                .matmul(weights.reshaped([kernelHeight * kernelWidth * outChannels, inChannels]), transposeOther: true)
            return windows.foldingPatches(geometry)
        }
    }
}

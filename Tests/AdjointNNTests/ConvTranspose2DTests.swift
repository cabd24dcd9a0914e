import Testing
@testable import AdjointNN

// ConvTranspose2D: the forward pass against the definition as nested loops (each input pixel
// scattering its weighted window), the exact adjoint of conv2d, the tape gradients against
// centred differences, and the parameter names.

/// `ConvTranspose2D`'s definition: `out[n, iy * sh - ph + ky, ix * sw - pw + kx, o] +=
/// x[n, iy, ix, c] * w[ky, kx, o, c]` for every input pixel and tap that lands inside the output.
func convTranspose2dByLoops(_ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>, stride: (Int, Int),
                            padding: (Int, Int), outputPadding: (Int, Int)) -> Tensor<Double> {
    let (batch, height, width, inChannels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (kh, kw, outChannels) = (w.shape[0], w.shape[1], w.shape[2])
    let outHeight = (height - 1) * stride.0 - 2 * padding.0 + kh + outputPadding.0
    let outWidth = (width - 1) * stride.1 - 2 * padding.1 + kw + outputPadding.1
    let (xs, ws) = (x.scalars, w.scalars)
    var out = (0..<(batch * outHeight * outWidth * outChannels)).map { b.scalars[$0 % outChannels] }
    for n in 0..<batch { for iy in 0..<height { for ix in 0..<width { for ky in 0..<kh { for kx in 0..<kw {
        let (oy, ox) = (iy * stride.0 - padding.0 + ky, ix * stride.1 - padding.1 + kx)
        guard (0..<outHeight).contains(oy) && (0..<outWidth).contains(ox) else { continue }
        for o in 0..<outChannels {
            for c in 0..<inChannels {
                out[((n * outHeight + oy) * outWidth + ox) * outChannels + o] +=
                    xs[((n * height + iy) * width + ix) * inChannels + c] * ws[((ky * kw + kx) * outChannels + o) * inChannels + c]
            }
        }
    } } } } }
    return Tensor(out, shape: [batch, outHeight, outWidth, outChannels])
}

@Suite struct ConvTranspose2DLayer {
    struct Setting: Sendable, CustomStringConvertible {
        let input: (height: Int, width: Int), kernel: (height: Int, width: Int), stride: (height: Int, width: Int)
        let padding: (height: Int, width: Int), outputPadding: (height: Int, width: Int)
        var description: String {
            "in \(input.height)x\(input.width) k \(kernel.height)x\(kernel.width) stride \(stride.height)x\(stride.width) "
                + "padding \(padding.height)x\(padding.width) output padding \(outputPadding.height)x\(outputPadding.width)"
        }
    }

    static let settings = [
        Setting(input: (3, 4), kernel: (3, 3), stride: (1, 1), padding: (0, 0), outputPadding: (0, 0)),
        Setting(input: (3, 3), kernel: (3, 3), stride: (1, 1), padding: (1, 1), outputPadding: (0, 0)),
        Setting(input: (3, 3), kernel: (4, 4), stride: (2, 2), padding: (1, 1), outputPadding: (0, 0)),
        Setting(input: (3, 2), kernel: (3, 3), stride: (2, 2), padding: (1, 1), outputPadding: (1, 1)),
        Setting(input: (2, 3), kernel: (3, 2), stride: (3, 2), padding: (2, 0), outputPadding: (2, 1)),
        Setting(input: (2, 2), kernel: (1, 1), stride: (2, 3), padding: (0, 0), outputPadding: (1, 0)),
    ]

    static func layer(_ s: Setting, inChannels: Int, outChannels: Int, seed: UInt64) -> ConvTranspose2D<Double> {
        var rng = SeededGenerator(seed: seed)
        let conv = ConvTranspose2D<Double>(inChannels: inChannels, outChannels: outChannels, kernel: s.kernel, stride: s.stride,
                                           padding: s.padding, outputPadding: s.outputPadding, rng: &rng)
        conv.bias.value = .randn([outChannels], using: &rng)
        return conv
    }

    @Test(arguments: settings)
    func forwardMatchesTheLoops(_ s: Setting) {
        let conv = Self.layer(s, inChannels: 3, outChannels: 2, seed: 1)
        var rng = SeededGenerator(seed: 2)
        let x = Tensor<Double>.randn([2, s.input.height, s.input.width, 3], using: &rng)
        let expected = convTranspose2dByLoops(x, conv.weight.value, conv.bias.value, stride: s.stride, padding: s.padding,
                                              outputPadding: s.outputPadding)
        let out = conv(x).value
        #expect(out.shape == expected.shape)
        #expect(out.shape[1] == (s.input.height - 1) * s.stride.height - 2 * s.padding.height + s.kernel.height + s.outputPadding.height)
        #expect(zip(out.scalars, expected.scalars).allSatisfy { abs($0 - $1) <= 1e-13 })
    }

    /// `<conv2d(x, w), y> == <x, convTranspose2d(y, w)>` for the conv2d with the same weight,
    /// stride and padding, from the transpose's output shape back to its input shape.
    @Test(arguments: settings)
    func adjointOfConv2d(_ s: Setting) {
        let transpose = Self.layer(s, inChannels: 3, outChannels: 2, seed: 3)
        var rng = SeededGenerator(seed: 4)
        let y = Tensor<Double>.randn([2, s.input.height, s.input.width, 3], using: &rng)
        let w = Variable(constant: transpose.weight.value)
        let transposed = Variable(constant: y).convTranspose2d(w, stride: s.stride, padding: s.padding, outputPadding: s.outputPadding).value
        let x = Tensor<Double>.randn(transposed.shape, using: &rng)
        let convolved = Variable(constant: x).conv2d(w, stride: s.stride, padding: s.padding).value
        #expect(convolved.shape == y.shape)
        let left = zip(convolved.scalars, y.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        let right = zip(x.scalars, transposed.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(left - right) <= 1e-12 * max(1, abs(left)))
    }

    @Test(arguments: settings)
    func gradientsOfInputAndParameters(_ s: Setting) {
        let conv = Self.layer(s, inChannels: 2, outChannels: 3, seed: 5)
        var rng = SeededGenerator(seed: 6)
        let x = Variable(Tensor<Double>.randn([2, s.input.height, s.input.width, 2], using: &rng))
        let comparison = compareGradients(of: { conv(x) }, wrt: [("x", x)] + conv.namedParameters, seed: 7)
        #expect(comparison.tape["weight"]?.shape == [s.kernel.height, s.kernel.width, 3, 2])
        #expect(comparison.report("ConvTranspose2D \(s)") < 1e-7)
    }

    @Test func upsamplesByTheStride() {
        // DCGAN's step: kernel 4, stride 2, padding 1 doubles the size exactly.
        let conv = ConvTranspose2D<Double>(inChannels: 8, outChannels: 4, kernel: 4, stride: 2, padding: 1)
        #expect(conv(Tensor<Double>.zeros([1, 7, 7, 8])).shape == [1, 14, 14, 4])
        #expect(conv.namedParameters.map(\.path) == ["weight", "bias"])
        #expect(conv.weight.shape == [4, 4, 4, 8] && conv.bias.shape == [4])
        #expect(conv.bias.value.scalars.allSatisfy { $0 == 0 })
    }
}

import Testing
@testable import Adjoint

/// Non-square kernels with per-axis stride and padding: the forward against a direct loop over
/// the definition, the backward against numerical gradients, and the square case against the
/// square entry point.
@Suite struct ConvolutionNonSquare {
    /// `out[n, oy, ox, o] = sum over ky, kx, c of xpad[n, oy*sh + ky, ox*sw + kx, c] * w[ky, kx, c, o]`.
    static func direct(_ x: Tensor<Double>, _ w: Tensor<Double>, stride: (Int, Int), padding: (Int, Int)) -> Tensor<Double> {
        let (n, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw, o) = (w.shape[0], w.shape[1], w.shape[3])
        let oh = (h + 2 * padding.0 - kh) / stride.0 + 1, ow = (wd + 2 * padding.1 - kw) / stride.1 + 1
        let xs = x.scalars, ws = w.scalars
        var out = [Double](repeating: 0, count: n * oh * ow * o)
        for b in 0..<n { for oy in 0..<oh { for ox in 0..<ow { for f in 0..<o {
            var sum = 0.0
            for ky in 0..<kh { for kx in 0..<kw {
                let iy = oy * stride.0 + ky - padding.0, ix = ox * stride.1 + kx - padding.1
                guard iy >= 0 && iy < h && ix >= 0 && ix < wd else { continue }
                for ch in 0..<c { sum += xs[((b * h + iy) * wd + ix) * c + ch] * ws[((ky * kw + kx) * c + ch) * o + f] }
            } }
            out[((b * oh + oy) * ow + ox) * o + f] = sum
        } } } }
        return Tensor(out, shape: [n, oh, ow, o])
    }

    @Test(arguments: [((1, 3), (1, 2), (0, 1)), ((3, 2), (2, 1), (1, 0)), ((2, 5), (1, 3), (1, 2))])
    func matchesTheDefinitionAndNumericalGradients(kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int)) {
        var rng = SeededGenerator(seed: UInt64(kernel.0 * 7 + kernel.1))
        let x = Tensor<Double>.randn([2, 6, 7, 3], using: &rng)
        let w = Tensor<Double>.randn([kernel.0, kernel.1, 3, 4], using: &rng)
        let tape = Variable(constant: x).conv2d(Variable(constant: w), stride: stride, padding: padding).value
        let expected = Self.direct(x, w, stride: stride, padding: padding)
        #expect(tape.shape == expected.shape)
        #expect(relativeError(tape, expected) < 1e-12)
        let result = gradcheck({ v in v[0].conv2d(v[1], stride: stride, padding: padding) }, at: [x, w])
        #expect(result.maxError < 1e-7, "errors \(result.errors)")
    }

    @Test func squareArgumentsGiveTheSameGeometry() {
        let square = PatchGeometry(input: [2, 9, 9, 3], kernel: 3, stride: 2, padding: 1, op: "conv2d")
        let pairs = PatchGeometry(input: [2, 9, 9, 3], kernel: (3, 3), stride: (2, 2), padding: (1, 1), op: "conv2d")
        #expect(square == pairs)
        #expect(square.outHeight == 5 && square.outWidth == 5 && square.patchSize == 27)
    }
}

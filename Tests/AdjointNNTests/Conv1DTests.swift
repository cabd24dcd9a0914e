import Testing
@testable import AdjointNN

// Conv1D over channels-last (N, L, C) sequences: the forward pass against the definition as
// nested loops, the tape gradients against centred differences, and the parameter names.

/// `Conv1D`'s definition, one output at a time: `out[n, t, o] = b[o] + sum over j, c of
/// x[n, t * stride + j * dilation - padding, c] * w[j, c, o]`, zero outside the input.
func conv1dByLoops(_ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>,
                   stride: Int, padding: Int, dilation: Int) -> Tensor<Double> {
    let (batch, length, inChannels) = (x.shape[0], x.shape[1], x.shape[2])
    let (taps, outChannels) = (w.shape[0], w.shape[2])
    let outLength = (length + 2 * padding - dilation * (taps - 1) - 1) / stride + 1
    let (xs, ws) = (x.scalars, w.scalars)
    var out = [Double](repeating: 0, count: batch * outLength * outChannels)
    for n in 0..<batch {
        for t in 0..<outLength {
            for o in 0..<outChannels {
                var sum = b.scalars[o]
                for j in 0..<taps {
                    let position = t * stride + j * dilation - padding
                    guard (0..<length).contains(position) else { continue }
                    for c in 0..<inChannels {
                        sum += xs[(n * length + position) * inChannels + c] * ws[(j * inChannels + c) * outChannels + o]
                    }
                }
                out[(n * outLength + t) * outChannels + o] = sum
            }
        }
    }
    return Tensor(out, shape: [batch, outLength, outChannels])
}

@Suite struct Conv1DLayer {
    struct Setting: Sendable, CustomStringConvertible {
        let length: Int, kernel: Int, stride: Int, padding: Int, dilation: Int
        var description: String { "L \(length) k \(kernel) stride \(stride) padding \(padding) dilation \(dilation)" }
    }

    static let settings = [
        Setting(length: 9, kernel: 3, stride: 1, padding: 0, dilation: 1),
        Setting(length: 9, kernel: 3, stride: 1, padding: 1, dilation: 1),
        Setting(length: 10, kernel: 4, stride: 2, padding: 1, dilation: 1),
        Setting(length: 11, kernel: 3, stride: 3, padding: 2, dilation: 2),
        Setting(length: 7, kernel: 2, stride: 1, padding: 0, dilation: 5),
        Setting(length: 5, kernel: 1, stride: 2, padding: 0, dilation: 1),
    ]

    static func layer(_ s: Setting, inChannels: Int, outChannels: Int, seed: UInt64) -> Conv1D<Double> {
        var rng = SeededGenerator(seed: seed)
        let conv = Conv1D<Double>(inChannels: inChannels, outChannels: outChannels, kernel: s.kernel, stride: s.stride,
                                  padding: s.padding, dilation: s.dilation, rng: &rng)
        conv.bias.value = .randn([outChannels], using: &rng)
        return conv
    }

    @Test(arguments: settings)
    func forwardMatchesTheLoops(_ s: Setting) {
        let conv = Self.layer(s, inChannels: 3, outChannels: 4, seed: 1)
        var rng = SeededGenerator(seed: 2)
        let x = Tensor<Double>.randn([2, s.length, 3], using: &rng)
        let expected = conv1dByLoops(x, conv.weight.value, conv.bias.value, stride: s.stride, padding: s.padding, dilation: s.dilation)
        let out = conv(x).value
        #expect(out.shape == expected.shape)
        #expect(out.shape == [2, (s.length + 2 * s.padding - s.dilation * (s.kernel - 1) - 1) / s.stride + 1, 4])
        #expect(zip(out.scalars, expected.scalars).allSatisfy { abs($0 - $1) <= 1e-13 })
    }

    @Test(arguments: settings)
    func gradientsOfInputAndParameters(_ s: Setting) {
        let conv = Self.layer(s, inChannels: 2, outChannels: 3, seed: 3)
        var rng = SeededGenerator(seed: 4)
        let x = Variable(Tensor<Double>.randn([2, s.length, 2], using: &rng))
        let comparison = compareGradients(of: { conv(x) }, wrt: [("x", x)] + conv.namedParameters, seed: 5)
        #expect(comparison.tape["weight"]?.shape == [s.kernel, 2, 3])
        #expect(comparison.report("Conv1D \(s)") < 1e-7)
    }

    @Test func dilatedKernelGetsNoGradientForItsGaps() {
        // The zero taps a dilation inserts are not parameters: every weight's gradient is the
        // sum over the positions its tap reads, which the loops give directly.
        let conv = Conv1D(weight: Tensor<Double>([1, 2], shape: [2, 1, 1]), bias: .zeros([1]), dilation: 3)
        let x = Variable(Tensor<Double>([1, 10, 100, 1000, 10000], shape: [1, 5, 1]))
        let y = conv(x)
        #expect(y.value.scalars == [1 + 2000, 10 + 20000])
        y.sum().backward()
        #expect(conv.weight.grad?.scalars == [11, 11000])
        #expect(x.grad?.scalars == [1, 1, 0, 2, 2])
    }

    @Test func parameterNamesAndShapes() {
        let conv = Conv1D<Double>(inChannels: 3, outChannels: 5, kernel: 4, stride: 2)
        #expect(conv.namedParameters.map(\.path) == ["weight", "bias"])
        #expect(conv.weight.shape == [4, 3, 5] && conv.bias.shape == [5])
        #expect(conv.bias.value.scalars.allSatisfy { $0 == 0 })
    }
}

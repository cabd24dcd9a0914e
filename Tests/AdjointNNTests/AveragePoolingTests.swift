import Testing
@testable import AdjointNN

// AvgPool2D and GlobalAveragePooling on NHWC inputs: the forward pass against loops over the
// windows, tape gradients against centred differences.

@Suite struct AveragePooling {
    /// The mean of each `pool x pool` window every `stride` positions, per channel.
    static func averagePooled(_ x: Tensor<Double>, pool: Int, stride: Int) -> Tensor<Double> {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = ((h - pool) / stride + 1, (w - pool) / stride + 1)
        var out = [Double]()
        for image in 0..<n {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    for channel in 0..<c {
                        var total = 0.0
                        for ky in 0..<pool {
                            for kx in 0..<pool { total += x[image, oy * stride + ky, ox * stride + kx, channel] }
                        }
                        out.append(total / Double(pool * pool))
                    }
                }
            }
        }
        return Tensor(out, shape: [n, oh, ow, c])
    }

    @Test(arguments: [(2, 2), (3, 2), (2, 1), (3, 3)])
    func avgPoolMatchesTheLoops(pool: Int, stride: Int) {
        var rng = SeededGenerator(seed: 1)
        let x = Tensor<Double>.randn([2, 7, 6, 3], using: &rng)
        let y = AvgPool2D<Double>(pool: pool, stride: stride)(x).value
        let expected = Self.averagePooled(x, pool: pool, stride: stride)
        #expect(y.shape == expected.shape)
        #expect(zip(y.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-14 })
    }

    @Test(arguments: [(2, 2), (3, 2)])
    func avgPoolGradient(pool: Int, stride: Int) {
        var rng = SeededGenerator(seed: 2)
        let x = Tensor<Double>.randn([2, 5, 6, 3], using: &rng)
        let result = gradcheck({ AvgPool2D<Double>(pool: pool, stride: stride)($0) }, at: x, seed: 3)
        #expect(GradientComparison(result, names: ["x"]).report("AvgPool2D \(pool)/\(stride)") < 1e-7)
    }

    @Test func globalAveragePoolingMatchesTheLoops() {
        var rng = SeededGenerator(seed: 4)
        let x = Tensor<Double>.randn([3, 4, 5, 2], using: &rng)
        let y = GlobalAveragePooling<Double>()(x).value
        #expect(y.shape == [3, 2])
        for n in 0..<3 {
            for c in 0..<2 {
                var total = 0.0
                for h in 0..<4 { for w in 0..<5 { total += x[n, h, w, c] } }
                #expect(abs(y[n, c] - total / 20) < 1e-14)
            }
        }
        // A window covering the whole map is the same mean.
        let whole = AvgPool2D<Double>(pool: 4, stride: 1)(x[0..<3].slice(0..<4, alongAxis: 2)).value
        let cropped = GlobalAveragePooling<Double>()(x.slice(0..<4, alongAxis: 2)).value
        #expect(zip(whole.scalars, cropped.scalars).allSatisfy { abs($0 - $1) < 1e-14 })
    }

    @Test func globalAveragePoolingGradient() {
        var rng = SeededGenerator(seed: 5)
        let x = Tensor<Double>.randn([2, 3, 4, 5], using: &rng)
        let result = gradcheck({ GlobalAveragePooling<Double>()($0) }, at: x, seed: 6)
        #expect(GradientComparison(result, names: ["x"]).report("GlobalAveragePooling") < 1e-7)
    }
}

// Three-way checks of convolution and max pooling: AdjointNN's `Conv2D` and `MaxPool2D` (im2col
// and a gather on the tape) against the reference's plain loops.
import AdjointNN

extension ThreeWayChecks {
    /// The SPEC's convolution, `x (15, 8, 8, 3)`, `w (4, 4, 3, 12)`, stride 2, padding 1, and
    /// three seeded random geometries.
    ///
    /// ```swift
    /// let check = ThreeWayChecks.convolution()[0]   // "conv spec [15, 8, 8, 3] k4 s2 p1 -> 12"
    /// ```
    public static func convolution() -> [ThreeWayCheck] {
        var rng = SeededGenerator(seed: 20)
        return [conv2d(input: [15, 8, 8, 3], kernel: 4, outChannels: 12, stride: 2, padding: 1, name: "conv spec", seed: 23)]
            + (0..<3).map { _ in
                let (kernel, padding) = (1 + rng.nextInt(below: 5), rng.nextInt(below: 3))
                let size = { max(kernel - 2 * padding, 1) + rng.nextInt(below: 6) }
                let input = [1 + rng.nextInt(below: 3), size(), size(), 1 + rng.nextInt(below: 4)]
                return conv2d(input: input, kernel: kernel, outChannels: 1 + rng.nextInt(below: 5),
                              stride: 1 + rng.nextInt(below: 3), padding: padding, name: "conv random", seed: rng.next())
            }
    }

    /// `Conv2D` on an NHWC input drawn from `seed`: `x`, `conv_w`, `conv_b`.
    ///
    /// ```swift
    /// let check = ThreeWayChecks.conv2d(input: [2, 5, 5, 3], kernel: 3, outChannels: 4, stride: 1,
    ///                                   padding: 1, name: "conv small", seed: 1)
    /// ```
    public static func conv2d(input: [Int], kernel: Int, outChannels: Int, stride: Int, padding: Int,
                              name: String, seed: UInt64) -> ThreeWayCheck {
        var rng = SeededGenerator(seed: seed)
        let x = Variable(Tensor<Double>.randn(input, using: &rng))
        let conv = Conv2D<Double>(inChannels: input[3], outChannels: outChannels, kernel: kernel, stride: stride,
                                  padding: padding, rng: &rng)
        conv.bias.value = .randn([outChannels], using: &rng)
        let label = "\(name) \(describe(input)) k\(kernel) s\(stride) p\(padding) -> \(outChannels)"
        return ThreeWayCheck(label, threshold: layerThreshold,
                             tensors: [("x", x), ("conv_w", conv.weight), ("conv_b", conv.bias)], tape: { conv(x) }) { v in
            let (out, cache) = Reference.conv2dForward(v["x"]!, v["conv_w"]!, v["conv_b"]!, stride: stride, padding: padding)
            return (out, { dout in
                let (dx, dw, db) = Reference.conv2dBackward(dout, cache: cache)
                return ["x": dx, "conv_w": dw, "conv_b": db]
            })
        }
    }

    /// Max pooling with the SPEC's pool 4, stride 2 on `(15, 8, 8, 3)` (overlapping windows), two
    /// seeded random geometries, and `maxPoolTies()`.
    ///
    /// ```swift
    /// ThreeWayChecks.pooling()[0].evaluate().referenceOutput.shape   // [15, 3, 3, 3]
    /// ```
    public static func pooling() -> [ThreeWayCheck] {
        var rng = SeededGenerator(seed: 21)
        return [maxPool(input: [15, 8, 8, 3], pool: 4, stride: 2, name: "maxpool spec", seed: 24)]
            + (0..<2).map { _ in
                let pool = 2 + rng.nextInt(below: 3)
                let input = [1 + rng.nextInt(below: 3), pool + rng.nextInt(below: 5), pool + rng.nextInt(below: 5),
                             1 + rng.nextInt(below: 3)]
                return maxPool(input: input, pool: pool, stride: 1 + rng.nextInt(below: 3), name: "maxpool random",
                               seed: rng.next())
            }
            + [maxPoolTies()]
    }

    /// `MaxPool2D` on an NHWC input drawn from `seed`.
    ///
    /// ```swift
    /// let check = ThreeWayChecks.maxPool(input: [2, 6, 6, 3], pool: 2, stride: 2, name: "maxpool small", seed: 1)
    /// ```
    public static func maxPool(input: [Int], pool: Int, stride: Int, name: String, seed: UInt64) -> ThreeWayCheck {
        var rng = SeededGenerator(seed: seed)
        return maxPool(Tensor<Double>.randn(input, using: &rng), pool: pool, stride: stride,
                       name: "\(name) \(describe(input)) pool \(pool) s\(stride)")
    }

    /// Pool 2, stride 2 on `(2, 4, 4, 3)` where every window holds its maximum twice, at two
    /// random positions. Both sides must give the whole gradient to the first of the two in
    /// row-major window order; the centred difference gives half to each, so the tied entries
    /// are left out of the numerical columns.
    ///
    /// ```swift
    /// let check = ThreeWayChecks.maxPoolTies()   // check.kinks["x"]!.count == 48: 24 windows, 2 tied each
    /// ```
    public static func maxPoolTies() -> ThreeWayCheck {
        var rng = SeededGenerator(seed: 22)
        let (batch, size, channels) = (2, 4, 3)
        var x = Tensor<Double>.randn([batch, size, size, channels], using: &rng)
        var tied: Set<Int> = []
        x.withUnsafeMutableBufferPointer { x in
            for n in 0..<batch {
                for oy in 0..<(size / 2) {
                    for ox in 0..<(size / 2) {
                        for c in 0..<channels {
                            let window = [(0, 0), (0, 1), (1, 0), (1, 1)].map { ((n * size + 2 * oy + $0.0) * size + 2 * ox + $0.1) * channels + c }
                            let order = rng.permutation(4)
                            let (a, b) = (window[order[0]], window[order[1]])
                            let top = window.map { x[$0] }.max()! + 0.5
                            (x[a], x[b]) = (top, top)
                            tied.formUnion([a, b])
                        }
                    }
                }
            }
        }
        return maxPool(x, pool: 2, stride: 2, name: "maxpool ties [2, 4, 4, 3] pool 2 s2", kinks: tied)
    }

    private static func maxPool(_ value: Tensor<Double>, pool: Int, stride: Int, name: String,
                                kinks: Set<Int> = []) -> ThreeWayCheck {
        let x = Variable(value), layer = MaxPool2D<Double>(pool: pool, stride: stride)
        return ThreeWayCheck(name, threshold: layerThreshold, tensors: [("x", x)], kinks: ["x": kinks], tape: { layer(x) }) { v in
            let (out, cache) = Reference.maxPoolForward(v["x"]!, pool: pool, stride: stride)
            return (out, { dout in ["x": Reference.maxPoolBackward(dout, cache: cache)] })
        }
    }
}

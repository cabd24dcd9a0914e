import Testing
@testable import Adjoint

/// The kernels that split large work across cores while keeping one core's order, and the
/// one-pass ReLU backward, against plain loops: bit for bit, on sizes past the threshold where
/// they split, with ragged parts, ties, repeats, signed zeros and NaNs.
@Suite struct ParallelKernelTests {
    /// Seeded values with exact ties, signed zeros and a NaN in them.
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        var v = Tensor<Double>.randn([count], using: &rng).scalars.map { ($0 * 4).rounded() / 4 }
        for i in stride(from: 3, to: count, by: 97) { v[i] = -0.0 }
        if count > 10 { v[10] = .nan }
        return v
    }

    /// Whether two arrays hold the same bits (so NaN equals NaN and -0 differs from 0).
    static func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test(arguments: [[3, 7], [2, 70_001], [300, 1, 450], [5, 30_000, 3]])
    func maskedIsTheProductWithTheMask(shape: [Int]) {
        let count = shape.reduce(1, *)
        let g = Tensor(Self.values(count, seed: 1), shape: shape)
        let y = Tensor(Self.values(count, seed: 2), shape: shape)
        for threshold in [0.0, 0.25, -1] {
            #expect(Self.sameBits(g.masked(where: y, isGreaterThan: threshold).scalars, (g * (y .> threshold)).scalars))
        }
    }

    @Test func reluGradientIsTheSameWithAndWithoutAGraph() {
        let x = Variable(Tensor(Self.values(80_000, seed: 3), shape: [400, 200]))
        let w = Variable(Tensor(Self.values(80_000, seed: 4), shape: [400, 200]))
        let loss = (x.relu() * w).sum()
        let fused = gradients(of: loss, wrt: [x], retainGraph: true)[0]
        // With a graph of the backward pass, the gradient reaching the ReLU (w) requires one,
        // and the pullback takes the two-pass form.
        let twoPass = gradients(of: loss, wrt: [x], createGraph: true)[0]
        #expect(!fused.requiresGrad && twoPass.requiresGrad)
        #expect(Self.sameBits(fused.value.scalars, twoPass.value.scalars))
    }

    @Test(arguments: [70_000, 200_003])
    func scatterAddingSumsRepeatsInOrder(size: Int) {
        // More values than positions, so most positions get several, in a scrambled order.
        let count = size + size / 3
        let indices = (0..<count).map { ($0 &* 7_919) % size }
        let v = Self.values(count, seed: 5)
        var expected = [Double](repeating: 0, count: size)
        for (i, index) in indices.enumerated() { expected[index] += v[i] }
        let result = Tensor(v, shape: [count]).scatterAdding(flatIndices: indices, shape: [size])
        #expect(result.shape == [size])
        #expect(Self.sameBits(result.scalars, expected))
    }

    /// Sums, maxima and minima along each axis, against a loop over the axis in order.
    @Test(arguments: [[70_000, 3], [3, 25_000, 37], [64, 2_000], [2, 40_000], [100, 1_000, 2]])
    func reductionsMatchOneCoreInOrder(shape: [Int]) {
        let x = Tensor(Self.values(shape.reduce(1, *), seed: 6).map { $0.isNaN ? 1 : $0 }, shape: shape)
        for axis in 0..<shape.count {
            let outer = shape[..<axis].reduce(1, *), length = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
            let s = x.scalars
            func expected(_ initial: Double, _ f: (Double, Double) -> Double) -> [Double] {
                var out: [Double] = []
                for o in 0..<outer {
                    for i in 0..<inner {
                        if inner == 1 {
                            // The contiguous-row loop keeps eight lanes, combined at the end.
                            var lanes = [Double](repeating: initial, count: 8)
                            var r = 0
                            while r + 8 <= length {
                                for l in 0..<8 { lanes[l] = f(lanes[l], s[o * length + r + l]) }
                                r += 8
                            }
                            var total = lanes.reduce(initial, f)
                            while r < length { total = f(total, s[o * length + r]); r += 1 }
                            out.append(total)
                        } else {
                            var total = initial
                            for r in 0..<length { total = f(total, s[(o * length + r) * inner + i]) }
                            out.append(total)
                        }
                    }
                }
                return out
            }
            #expect(Self.sameBits(x.sum(alongAxes: [axis]).scalars, expected(0, +)), "sum, axis \(axis)")
            #expect(Self.sameBits(x.max(alongAxes: [axis]).scalars, expected(-.infinity) { $0 >= $1 ? $0 : $1 }), "max, axis \(axis)")
            #expect(Self.sameBits(x.min(alongAxes: [axis]).scalars, expected(.infinity) { $0 <= $1 ? $0 : $1 }), "min, axis \(axis)")
        }
    }

    @Test func emptyTensors() {
        #expect(Tensor<Double>.zeros([0, 5]).sum(alongAxes: [1]).shape == [0])
        #expect(Tensor<Double>.zeros([5, 0]).sum(alongAxes: [0]).shape == [0])
        #expect(Tensor<Double>.zeros([5, 0]).sum(alongAxes: [1]).scalars == [0, 0, 0, 0, 0])
        let pooled = Tensor<Double>.zeros([0, 4, 4, 3]).maxPooled(PatchGeometry(input: [0, 4, 4, 3], kernel: 2, stride: 2,
                                                                                 padding: 0, op: "maxPool"))
        #expect(pooled.values.shape == [0, 2, 2, 3] && pooled.argmax.isEmpty)
        #expect(Tensor<Double>.zeros([0]).scatterAdding(flatIndices: [], shape: [3]).scalars == [0, 0, 0])
    }

    @Test func maskedRefusesAnotherShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([2, 3]).masked(where: .zeros([3, 2]), isGreaterThan: 0)
        }
        expectStandardError(of: result, contains: ["masked: shapes [2, 3] and [3, 2] differ"])
    }

    @Test func maxPoolingRefusesWindowsOutsideTheInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor<Float>.zeros([1, 4, 4, 1])
            _ = x.maxPooled(PatchGeometry(input: x.shape, kernel: 2, stride: 2, padding: 2, op: "maxPool"))
        }
        expectStandardError(of: result, contains: ["maxPool: padding 2x2 leaves windows of 2x2 with no input position"])
    }
}

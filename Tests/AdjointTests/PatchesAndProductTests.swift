import Testing
@testable import Adjoint

/// The convolution's fused forward pass (im2col and the product, a few images at a time)
/// against the plain composition it replaces: the same bits, not merely close.
@Suite struct PatchesAndProductTests {
    /// (batch, height, width, channels, kernel, stride, padding, outChannels): the CNN's two
    /// convolutions, odd sizes, a ragged last task, strides and windows that are not square,
    /// and shapes small enough to take the fallback.
    static let cases: [(Int, Int, Int, Int, (Int, Int), (Int, Int), (Int, Int), Int)] = [
        (64, 28, 28, 1, (3, 3), (1, 1), (1, 1), 32),
        (64, 14, 14, 32, (3, 3), (1, 1), (1, 1), 64),
        (7, 9, 11, 3, (3, 3), (2, 1), (1, 0), 5),
        (5, 8, 8, 17, (1, 5), (1, 2), (0, 2), 13),
        (3, 40, 40, 2, (4, 4), (2, 2), (1, 1), 33),
        (2, 3, 3, 1, (3, 3), (1, 1), (1, 1), 1),
        (1, 4, 4, 2, (2, 2), (2, 2), (0, 0), 3),
    ]

    @Test(arguments: cases)
    func sameBitsAsPatchesThenMatmulInFloat(c: (Int, Int, Int, Int, (Int, Int), (Int, Int), (Int, Int), Int)) {
        expectSameBits(Float.self, c)
    }

    @Test(arguments: cases)
    func sameBitsAsPatchesThenMatmulInDouble(c: (Int, Int, Int, Int, (Int, Int), (Int, Int), (Int, Int), Int)) {
        expectSameBits(Double.self, c)
    }

    func expectSameBits<S: TensorScalar>(_: S.Type, _ c: (Int, Int, Int, Int, (Int, Int), (Int, Int), (Int, Int), Int)) {
        let (batch, height, width, channels, kernel, stride, padding, outChannels) = c
        var rng = SeededGenerator(seed: UInt64(batch * 1000 + height * 10 + channels))
        let x = Tensor<S>.randn([batch, height, width, channels], using: &rng)
        let g = PatchGeometry(input: x.shape, kernel: kernel, stride: stride, padding: padding, op: "conv2d")
        let w = Tensor<S>.randn([g.patchSize, outChannels], using: &rng)
        let (cols, product) = x.patchesAndProduct(g, weights: w)
        let plain = x.patches(g)
        #expect(cols.shape == plain.shape && cols.scalars == plain.scalars)
        let expected = plain.matmul(w)
        #expect(product.shape == expected.shape && product.scalars == expected.scalars)
    }

    /// The CNN's shapes take the fused path (the others may fall back; both must agree).
    @Test func theCNNsConvolutionsAreFused() {
        for (size, channels, outChannels) in [(28, 1, 32), (14, 32, 64)] {
            let g = PatchGeometry(input: [64, size, size, channels], kernel: 3, stride: 1, padding: 1, op: "conv2d")
            #expect(patchesTimesIsExact(g, outChannels: outChannels))
        }
        let tiny = PatchGeometry(input: [2, 3, 3, 1], kernel: 3, stride: 1, padding: 1, op: "conv2d")
        #expect(!patchesTimesIsExact(tiny, outChannels: 1))
    }

    /// `conv2d`'s value and both gradients are the composition's, bit for bit.
    @Test func conv2dGivesTheCompositionsValueAndGradients() {
        var rng = SeededGenerator(seed: 9)
        let x = Variable(Tensor<Float>.randn([16, 12, 12, 8], using: &rng))
        let w = Variable(Tensor<Float>.randn([3, 3, 8, 24], std: 0.2, using: &rng))
        let seed = Tensor<Float>.randn([16, 12, 12, 24], using: &rng)
        let y = x.conv2d(w, padding: 1)
        y.backward(seed: seed)
        let (dx, dw) = (x.grad!, w.grad!)
        x.grad = nil
        w.grad = nil
        let g = PatchGeometry(input: x.shape, kernel: 3, stride: 1, padding: 1, op: "conv2d")
        let composed = x.patches(g).matmul(w.reshaped([g.patchSize, 24])).reshaped([16, 12, 12, 24])
        composed.backward(seed: seed)
        #expect(y.value.scalars == composed.value.scalars)
        #expect(dx.scalars == x.grad!.scalars && dw.scalars == w.grad!.scalars)
        #expect(y.recordedPrimitives == composed.recordedPrimitives)
    }
}

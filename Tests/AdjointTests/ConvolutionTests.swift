import Testing
@testable import Adjoint

@Suite struct ConvolutionGradients {
    @Test(arguments: [(8, 3, 4, 12, 2, 1), (7, 2, 3, 5, 1, 0), (6, 3, 3, 4, 2, 2), (5, 1, 5, 2, 3, 1)])
    func conv2dMatchesNumericalGradients(size: Int, inC: Int, k: Int, outC: Int, stride: Int, pad: Int) {
        var rng = SeededGenerator(seed: UInt64(size * 31 + k))
        let x = Tensor<Double>.randn([3, size, size, inC], using: &rng)
        let w = Tensor<Double>.randn([k, k, inC, outC], using: &rng)
        let result = gradcheck({ v in v[0].conv2d(v[1], stride: stride, padding: pad) }, at: [x, w])
        #expect(result.maxError < 1e-7, "errors \(result.errors)")
    }

    @Test func specConvShapes() {
        var rng = SeededGenerator(seed: 1)
        let x = Variable(Tensor<Double>.randn([15, 8, 8, 3], using: &rng))
        let w = Variable(Tensor<Double>.randn([4, 4, 3, 12], using: &rng))
        #expect(x.conv2d(w, stride: 2, padding: 1).shape == [15, 4, 4, 12])
    }

    @Test func maxPoolMatchesNumericalGradients() {
        var rng = SeededGenerator(seed: 2)
        let x = Tensor<Double>.randn([15, 8, 8, 3], using: &rng)
        let result = gradcheck({ $0.maxPool2d(pool: 4, stride: 2) }, at: x)
        #expect(result.maxError < 1e-7, "errors \(result.errors)")
    }

    @Test func maxPoolForwardVector() {
        let x = Tensor<Double>(linspace: -0.1, 0.4, count: 64).reshaped([1, 8, 8, 1])
        let out = Variable(constant: x).maxPool2d(pool: 4, stride: 2).value
        let expected: [Double] = [0.11428571428571427, 0.13015873015873014, 0.146031746031746,
                                  0.24126984126984127, 0.2571428571428571, 0.27301587301587305,
                                  0.3682539682539683, 0.3841269841269841, 0.4]
        #expect(out.shape == [1, 3, 3, 1])
        #expect(relativeError(out, Tensor(expected, shape: [1, 3, 3, 1])) < 1e-12)
    }
}

/// Bad convolution and pooling arguments stop with a message naming the shapes.
@Suite struct ConvolutionBadInput {
    @Test func kernelLargerThanThePaddedInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Variable(constant: Tensor<Double>.zeros([1, 4, 4, 1]))
            _ = x.conv2d(Variable(Tensor<Double>.zeros([7, 7, 1, 2])), padding: 1)
        }
        expectStandardError(of: result, contains: ["conv2d: kernel 7x7 is larger than the padded input 6x6", "[1, 4, 4, 1]"])
    }

    @Test func zeroStride() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Variable(constant: Tensor<Double>.zeros([1, 4, 4, 1])).maxPool2d(pool: 2, stride: 0)
        }
        expectStandardError(of: result, contains: ["maxPool2d: stride must be positive, got 0"])
    }

    @Test func channelMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Variable(constant: Tensor<Double>.zeros([2, 5, 5, 3]))
            _ = x.conv2d(Variable(Tensor<Double>.zeros([3, 3, 4, 8])))
        }
        expectStandardError(of: result, contains: ["conv2d: input of shape [2, 5, 5, 3] has 3 channels", "[3, 3, 4, 8] expect 4"])
    }

    @Test func foldAndPatchesAreAdjoint() {
        // <patches(x), y> == <x, fold(y)> for random x, y: col2im is im2col's transpose.
        var rng = SeededGenerator(seed: 4)
        let geometry = PatchGeometry(input: [2, 6, 5, 3], kernel: 3, stride: 2, padding: 1, op: "test")
        let x = Tensor<Double>.randn([2, 6, 5, 3], using: &rng)
        let y = Tensor<Double>.randn([geometry.patchCount, geometry.patchSize], using: &rng)
        let left = (x.patches(geometry) * y).sum().scalar, right = (x * y.foldingPatches(geometry)).sum().scalar
        #expect(abs(left - right) < 1e-10 * max(1, abs(left)))
    }
}

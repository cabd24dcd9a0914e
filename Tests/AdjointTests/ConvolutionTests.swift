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

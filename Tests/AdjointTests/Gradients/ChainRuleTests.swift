import Testing
@testable import Adjoint

@Test func chainRuleThroughMatmulAndTanh() {
    var rng = SeededGenerator(seed: 0)
    let w = Tensor<Double>.randn([4, 3], using: &rng)
    let b = Tensor<Double>.zeros([3])
    let x = Tensor<Double>(linspace: -1, 1, count: 8).reshaped([2, 4])
    let result = gradcheck({ v in ((Variable(constant: x).matmul(v[0]) + v[1]).tanh() * 2).sum() }, at: [w, b])
    #expect(result.maxError < 1e-7)
}

import Testing
import Adjoint

/// The README's ten-line example, verbatim, so it cannot rot.
@Test func readmeExampleRuns() {
    var rng = SeededGenerator(seed: 0)
    let w = Variable(Tensor<Double>.randn([4, 3], using: &rng))
    let b = Variable(Tensor<Double>.zeros([3]))
    let x = Tensor<Double>(linspace: -1, 1, count: 8).reshaped([2, 4])
    let f = { (x: Variable<Double>) in ((x.matmul(w) + b).tanh() * 2).sum() }   // a model is a closure
    let (value, grads) = valueWithGradient(of: f(Variable(constant: x)), wrt: [w, b])
    let check = gradcheck({ v in ((Variable(constant: x).matmul(v[0]) + v[1]).tanh() * 2).sum() }, at: [w.value, b.value])
    print(value, grads[0], check.maxError)                                        // max error ~1e-11
    #expect(grads.map(\.shape) == [[4, 3], [3]])
    #expect(check.maxError < 1e-7)
}

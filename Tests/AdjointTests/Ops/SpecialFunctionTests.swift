import Foundation
import Testing
@testable import Adjoint

// sin, cos, erf and softplus against libm one element at a time, their gradients against
// centred differences, and the tails where a naive formula overflows or rounds to 0.

@Suite struct SpecialFunctionTests {
    let x = random([3, 5], seed: 300, low: -3, high: 3)

    /// `f` applied one element at a time.
    func elementwise(_ x: T, _ f: (Double) -> Double) -> T { T(x.scalars.map(f), shape: x.shape) }

    @Test func valuesMatchLibm() {
        #expect(V(x).sin().value == elementwise(x, Foundation.sin))
        #expect(V(x).cos().value == elementwise(x, Foundation.cos))
        #expect(V(x).erf().value == elementwise(x, Foundation.erf))
        let softplus = elementwise(x) { Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) }
        #expect(V(x).softplus().value == softplus)
        expectClose(softplus, elementwise(x) { Foundation.log(1 + Foundation.exp($0)) }, tolerance: 1e-15)
    }

    @Test func gradientsMatchFiniteDifferences() {
        expectGradcheck("sin", { $0[0].sin() }, at: [x])
        expectGradcheck("cos", { $0[0].cos() }, at: [x])
        expectGradcheck("erf", { $0[0].erf() }, at: [x])
        expectGradcheck("softplus", { $0[0].softplus() }, at: [x])
        // Second derivatives go through the pullbacks' own primitives.
        expectClose(secondDerivative { $0.sin() }, -x.sin(), tolerance: 1e-15)
        expectClose(secondDerivative { $0.cos() }, -x.cos(), tolerance: 1e-15)
        expectClose(secondDerivative { $0.erf() }, x * (x * x * -1).exp() * (-4 / Double.pi.squareRoot()), tolerance: 1e-15)
        let s = V(x).sigmoid().value
        expectClose(secondDerivative { $0.softplus() }, s * (1 - s), tolerance: 1e-15)
    }

    /// `f''` elementwise, by differentiating the recorded backward pass of `sum(f(x))`.
    func secondDerivative(_ f: (V) -> V) -> T {
        let v = V(x)
        let first = Adjoint.gradients(of: f(v).sum(), wrt: [v], createGraph: true)[0]
        return Adjoint.gradients(of: first.sum(), wrt: [v])[0].value
    }

    @Test func softplusTails() {
        let v = V(T([-800, -40, 0, 40, 800]))
        let y = v.softplus()
        // e^-800 is below Double's range, e^-40 is kept to full precision; e^800 would overflow.
        #expect(y.value.scalars == [0, Foundation.exp(-40.0), Foundation.log(2.0), 40, 800])
        y.sum().backward()
        // The gradient is `sigmoid`, whose tanh form is 0 below about -37 rather than e^x.
        expectClose(v.grad!, T([0, 1 / (1 + Foundation.exp(40.0)), 0.5, 1 / (1 + Foundation.exp(-40.0)), 1]), tolerance: 1e-17)
        let f = Variable(Tensor<Float>([-200, 0, 200])).softplus().value.scalars
        #expect(f[0] == 0 && Swift.abs(f[1] - Foundation.log(Float(2))) <= Float(2).ulp && f[2] == 200)
    }

    @Test func sigmoidIsStableForLargeMagnitudes() {
        let v = V(T([-1000, -40, 0, 40, 1000]))
        let y = v.sigmoid()
        #expect(y.value.scalars.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
        #expect(y.value.scalars.first == 0 && y.value.scalars.last == 1 && y.value.scalars[2] == 0.5)
        y.sum().backward()
        #expect(v.grad!.scalars.allSatisfy { $0.isFinite && $0 >= 0 })
        let f = Variable(Tensor<Float>([-1000, 1000])).sigmoid().value.scalars
        #expect(f == [0, 1])
    }
}

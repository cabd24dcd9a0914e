import Testing
@testable import Adjoint

// Backward of the elementwise function primitives, with inputs kept inside each function's
// domain and away from its kinks.

@Suite struct MathGradientTests {
    let x = awayFromZero([3, 4], seed: 60)
    let positive = random([3, 4], seed: 61, low: 0.2, high: 2)

    @Test func smoothFunctions() {
        expectGradcheck("exp", { $0[0].exp() }, at: [x])
        expectGradcheck("log", { $0[0].log() }, at: [positive])
        expectGradcheck("tanh", { $0[0].tanh() }, at: [x])
        expectGradcheck("sqrt", { $0[0].sqrt() }, at: [positive])
    }

    @Test(arguments: [2.0, 3.0, -1.0, 0.5, 1.7])
    func powerByAConstant(exponent: Double) {
        expectGradcheck("pow \(exponent)", { $0[0].pow(exponent) }, at: [positive])
    }

    @Test func piecewiseFunctionsAwayFromTheirKinks() {
        expectGradcheck("abs", { $0[0].abs() }, at: [x])
        expectGradcheck("relu", { $0[0].relu() }, at: [x])
        expectGradcheck("maximum 0.1", { $0[0].maximum(0.1) }, at: [x])
    }

    @Test func kinksFollowTheSpecConvention() {
        // SPEC: ReLU's gradient at exactly 0 is 0 (`dout * (x > 0)`); abs uses sign(0) = 0.
        let x = V(T([-1, 0, 2]))
        x.relu().sum().backward()
        #expect(x.grad?.scalars == [0, 0, 1])
        x.zeroGrad()
        x.abs().sum().backward()
        #expect(x.grad?.scalars == [-1, 0, 1])
    }

    @Test func selectWithAConstantMask() {
        let mask = T([1, 0, 0, 1], shape: [1, 4])
        let y = random([3, 1], seed: 62)
        expectGradcheck("select broadcast", { $0[0].select(mask, else: $0[1]) }, at: [x, y])
        expectGradcheck("select same shape", { $0[0].select(x .> 0, else: $0[1]) }, at: [x, x * 2])
    }
}

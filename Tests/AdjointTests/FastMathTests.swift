import Foundation
import Testing
@testable import Adjoint

/// The vectorised Float exp and tanh agree with libm to a few ulp over their whole range.
@Test func floatExpAndTanhMatchLibm() {
    let xs = Tensor<Float>(linspace: -90, 90, count: 20_001)
    let exps = xs.exp().scalars, tanhs = xs.tanh().scalars
    var worstExp: Float = 0, worstTanh: Float = 0
    for (i, x) in xs.scalars.enumerated() {
        let e = Foundation.exp(x), t = Foundation.tanh(x)
        if e.isFinite && e > Float.leastNormalMagnitude {
            worstExp = max(worstExp, abs(exps[i] - e) / e)
        }
        worstTanh = max(worstTanh, abs(tanhs[i] - t) / max(abs(t), Float.leastNormalMagnitude))
    }
    #expect(worstExp < 1e-6, "exp relative error \(worstExp)")
    #expect(worstTanh < 1e-6, "tanh relative error \(worstTanh)")
    // Small arguments, where 1 - 2/(e^2x + 1) would cancel.
    let small = Tensor<Float>(linspace: -0.3, 0.3, count: 601)
    for (x, t) in zip(small.scalars, small.tanh().scalars) where x != 0 {
        #expect(abs(t - Foundation.tanh(x)) / abs(Foundation.tanh(x)) < 1e-6)
    }
    #expect(Tensor<Float>([0, -0.0]).tanh().scalars == [0, 0])
}

/// The vectorised Float erf agrees with libm within 5e-7 (a few ulp of its values near ±1),
/// keeps its sign at ±0 and reaches ±1 in the tails.
@Test func floatErfMatchesLibm() {
    let xs = Tensor<Float>(linspace: -6, 6, count: 24_001)
    let erfs = xs.erf().scalars
    let worst = zip(xs.scalars, erfs).map { abs($1 - Foundation.erf($0)) }.max()!
    #expect(worst < 5e-7, "erf absolute error \(worst)")
    let small = Tensor<Float>(linspace: -1e-3, 1e-3, count: 201)
    for (x, e) in zip(small.scalars, small.erf().scalars) where x != 0 {
        #expect(abs(e - Foundation.erf(x)) / abs(Foundation.erf(x)) < 1e-6)
    }
    #expect(Tensor<Float>([0, -0.0, 10, -10]).erf().scalars.map(\.bitPattern) == [Float(0), -0.0, 1, -1].map(\.bitPattern))
}

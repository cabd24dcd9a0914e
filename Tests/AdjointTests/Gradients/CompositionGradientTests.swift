import Foundation
import Testing
@testable import Adjoint

// Operations built from primitives: their gradients come from the chain rule alone, so these
// check the composition as a whole, and their values against direct formulas.

@Suite struct CompositionGradientTests {
    let x = random([3, 5], seed: 80, low: -2, high: 2)

    @Test func softmaxAndLogSoftmax() {
        expectGradcheck("softmax", { $0[0].softmax() }, at: [x])
        expectGradcheck("softmax axis 0", { $0[0].softmax(alongAxis: 0) }, at: [x])
        expectGradcheck("logSoftmax", { $0[0].logSoftmax() }, at: [x])
        expectGradcheck("logSoftmax axis 0", { $0[0].logSoftmax(alongAxis: 0) }, at: [x])
        let e = x.exp()
        expectClose(V(x).softmax().value, e / e.sum(alongAxes: [1], keepingDimensions: true), tolerance: 1e-15)
        expectClose(V(x).logSoftmax().value, (e / e.sum(alongAxes: [1], keepingDimensions: true)).log(), tolerance: 1e-14)
        // Shifting by the maximum keeps huge scores finite.
        let huge = V(T([1000, 1001, 999]))
        #expect(huge.softmax().value.scalars.allSatisfy { $0.isFinite })
        #expect(huge.logSoftmax().value.scalars.allSatisfy { $0.isFinite })
    }

    @Test func varianceAndMean() {
        expectGradcheck("variance all", { $0[0].variance() }, at: [x])
        expectGradcheck("variance axis 0", { $0[0].variance(alongAxes: [0]) }, at: [x])
        expectGradcheck("variance axis 1 kept", { $0[0].variance(alongAxes: [1], keepingDimensions: true) }, at: [x])
        expectClose(V(x).variance(alongAxes: [0]).value, x.variance(alongAxes: [0]), tolerance: 1e-15)
    }

    @Test func sigmoidAndSquare() {
        expectGradcheck("sigmoid", { $0[0].sigmoid() }, at: [x])
        expectGradcheck("squared", { $0[0].squared() }, at: [x])
        let reference = T(x.scalars.map { 1 / (1 + Foundation.exp(-$0)) }, shape: x.shape)
        expectClose(V(x).sigmoid().value, reference, tolerance: 1e-15)
    }

    @Test func crossEntropyPipeline() {
        // The usual loss: picks each row's label score out of the log-probabilities.
        let labels = [0, 4, 2]
        expectGradcheck("cross-entropy", { -$0[0].logSoftmax().gathering(labels).mean() }, at: [x])
    }
}

import Testing
@testable import Adjoint

// A leaf's requiresGrad set after creation: switched off, the leaf gets no gradient from the
// graphs recorded after (and none accumulated from one recorded before); switched on, a graph
// recorded before it stops at backward instead of reading a value it did not keep.

@Suite struct RequiresGradTests {
    @Test func aFrozenLeafGetsNoGradientAndTheOthersTheirUsualOne() {
        let x = Variable(Tensor<Double>([1, 2, 3]))
        let w = Variable(Tensor<Double>([0.5, -1, 2]))
        w.requiresGrad = false
        #expect(w.isFrozen && !w.requiresGrad && !x.isFrozen)
        let loss = (x * w).tanh().sum()
        loss.backward()
        #expect(w.grad == nil)
        let t = (x.value * w.value).tanh()
        let expected = w.value * (1 - t * t)
        for (g, e) in zip(x.grad!.scalars, expected.scalars) { #expect(abs(g - e) < 1e-12) }
    }

    @Test func aGraphOfFrozenLeavesAloneRecordsNothing() {
        let w = Variable(Tensor<Double>([1, 2]))
        w.requiresGrad = false
        let y = w.exp() * 2
        #expect(!y.requiresGrad && y.isLeaf)
    }

    @Test func freezingBetweenForwardAndBackwardLeavesGradNil() {
        let x = Variable(Tensor<Double>([1, 2, 3]))
        let w = Variable(Tensor<Double>([0.5, -1, 2]))
        let loss = (x * w).sum()
        w.requiresGrad = false
        loss.backward()
        #expect(w.grad == nil)
        #expect(x.grad == w.value)
    }

    @Test func unfreezingAgainRestoresGradients() {
        let w = Variable(Tensor<Double>([0.5, -1]))
        w.requiresGrad = false
        w.requiresGrad = true
        #expect(!w.isFrozen && w.version == 1)
        (w * w).sum().backward()
        #expect(w.grad == Tensor([1, -2]))
    }

    @Test func aConstantIsNotFrozen() {
        let data = Variable(constant: Tensor<Double>([1, 2]))
        #expect(!data.isFrozen)
        data.requiresGrad = true
        data.requiresGrad = false
        #expect(!data.isFrozen)
    }

    @Test func unfreezingAfterTheForwardPassStopsItsBackward() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Variable(Tensor<Double>([1, 2, 3]))
            let w = Variable(Tensor<Double>([0.5, -1, 2]), requiresGrad: false)
            let loss = (x.exp() * w).sum()
            w.requiresGrad = true
            loss.backward()
        }
        expectStandardError(of: result, contains: [
            "backward: the value of a leaf of shape [3] saved by `multiply` was modified after the forward pass (version 0 -> 1); recompute the forward pass after changing it (or switching its requiresGrad on)",
        ])
    }

    @Test func settingItOnAResultStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Variable(Tensor<Double>([1, 2, 3]))
            x.exp().requiresGrad = false
        }
        expectStandardError(of: result, contains: ["requiresGrad: only a leaf's can be set, this is the result of `exp` of shape [3]"])
    }
}

import Testing
@testable import Adjoint

// Gradients add up where a value is used more than once, within one backward pass and, in
// `grad`, across passes until `zeroGrad`.

@Suite struct AccumulationTests {
    let x0 = T([0.5, -1.5, 2])

    @Test func aNodeUsedTwiceGetsBothContributions() {
        let x = V(x0)
        (x * x).sum().backward()
        expectClose(x.grad!, x0 * 2)
    }

    @Test func aLeafUsedInThreeBranches() {
        // f = sum(x * 3 + x.tanh() + x * x)   =>   f' = 3 + (1 - tanh^2) + 2x
        let x = V(x0)
        ((x * 3 + x.tanh()) + x * x).sum().backward()
        let t = x0.tanh()
        expectClose(x.grad!, 3 + (1 - t * t) + 2 * x0, tolerance: 1e-15)
        expectGradcheck("three branches", { v in (v[0] * 3 + v[0].tanh() + v[0] * v[0]).sum() }, at: [x0])
    }

    @Test func aSharedSubexpression() {
        // s = x * y is used by both terms: f = sum(s.exp() + s * s).
        let x = V(x0), y = V(T([2, 0.5, -1]))
        let s = x * y
        (s.exp() + s * s).sum().backward()
        let sv = x0 * y.value
        let ds = sv.exp() + 2 * sv
        expectClose(x.grad!, ds * y.value, tolerance: 1e-14)
        expectClose(y.grad!, ds * x0, tolerance: 1e-14)
        expectGradcheck("shared subexpression", { v in
            let s = v[0] * v[1]
            return (s.exp() + s * s).sum()
        }, at: [x0, y.value])
    }

    @Test func broadcastOperandsCollectTheirGradient() {
        // b is added to every row, so its gradient sums the rows.
        let w = V(random([4, 3], seed: 90)), b = V(T.zeros([3]))
        (w + b).sum().backward()
        #expect(b.grad!.scalars == [4, 4, 4])
        #expect(w.grad!.scalars == [Double](repeating: 1, count: 12))
    }

    @Test func leavesNotTakingPartGetZerosOrNil() {
        let x = V(x0), unused = V(T.ones([2, 2])), constant = V(constant: x0)
        let y = (x * constant).sum()
        let grads = gradients(of: y, wrt: [x, unused, constant], retainGraph: true)
        expectClose(grads[0].value, x0)
        #expect(grads[1].value == T.zeros([2, 2]))
        #expect(grads[2].value == T.zeros([3]))
        y.backward()
        #expect(x.grad != nil)
        #expect(unused.grad == nil)
        #expect(constant.grad == nil)
    }

    @Test func gradientsDoNotTouchGrad() {
        let x = V(x0)
        _ = gradients(of: (x * x).sum(), wrt: [x])
        #expect(x.grad == nil)
        let (value, grads) = valueWithGradient(of: (x * x).sum(), wrt: [x])
        #expect(value.scalar == x0.squared().sum().scalar)
        expectClose(grads[0], 2 * x0)
        #expect(x.grad == nil)
    }

    @Test func backwardAccumulatesUntilZeroGrad() {
        let x = V(x0)
        (x * x).sum().backward()
        (x * 3).sum().backward()
        expectClose(x.grad!, 2 * x0 + 3)
        x.zeroGrad()
        #expect(x.grad == nil)
        (x * 3).sum().backward()
        #expect(x.grad!.scalars == [3, 3, 3])
    }

    @Test func seededBackwardOfANonScalar() {
        let x = V(x0)
        (x * 2).backward(seed: T([1, 10, 100]))
        #expect(x.grad!.scalars == [2, 20, 200])
    }

    @Test func gradientWithRespectToAnIntermediate() {
        let x = V(x0)
        let h = x.tanh()
        let y = (h * h).sum()
        let grads = gradients(of: y, wrt: [h, x])
        expectClose(grads[0].value, 2 * x0.tanh())
        expectClose(grads[1].value, 2 * x0.tanh() * (1 - x0.tanh().squared()), tolerance: 1e-15)
    }
}

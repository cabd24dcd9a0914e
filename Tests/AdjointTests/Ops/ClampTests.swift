import Testing
@testable import Adjoint

// minimum, clamp and the elementwise maximum and minimum of two variables: values against a
// plain loop, gradients against centred differences away from ties, the tie convention.

@Suite struct ClampTests {
    let x = random([3, 5], seed: 310, low: -2, high: 2)
    let y = random([3, 5], seed: 311, low: -2, high: 2)
    let row = random([1, 5], seed: 312, low: -2, high: 2)

    @Test func valuesMatchALoop() {
        #expect(V(x).minimum(0.3).value == T(x.scalars.map { Swift.min($0, 0.3) }, shape: x.shape))
        #expect(V(x).minimum(0.3).value == x.minimum(0.3))
        #expect(V(x).clamp(min: -0.5, max: 0.7).value == T(x.scalars.map { Swift.min(Swift.max($0, -0.5), 0.7) }, shape: x.shape))
        #expect(V(x).clamp(min: 0).value == V(x).relu().value)
        #expect(V(x).clamp(max: 1).value == x.minimum(1))
        #expect(V(x).maximum(V(row)).value == referenceBinary(x, row) { Swift.max($0, $1) })
        #expect(V(x).minimum(V(row)).value == referenceBinary(x, row) { Swift.min($0, $1) })
    }

    @Test func gradientsMatchFiniteDifferences() {
        expectGradcheck("minimum 0.3", { $0[0].minimum(0.3) }, at: [x])
        expectGradcheck("clamp", { $0[0].clamp(min: -0.5, max: 0.7) }, at: [x])
        expectGradcheck("maximum of two", { $0[0].maximum($0[1]) }, at: [x, y])
        expectGradcheck("minimum of two", { $0[0].minimum($0[1]) }, at: [x, y])
        expectGradcheck("maximum broadcast", { $0[0].maximum($0[1]) }, at: [x, row])
        expectGradcheck("minimum broadcast", { $0[1].minimum($0[0]) }, at: [x, row])
    }

    @Test func gradientConventions() {
        // clamp passes the gradient strictly inside its bounds; tied maxima share it evenly.
        let v = V(T([-1, 0, 0.5, 1, 2]))
        v.clamp(min: 0, max: 1).sum().backward()
        #expect(v.grad!.scalars == [0, 0, 1, 0, 0])
        let a = V(T([1, 2, 3])), b = V(T([3, 2, 1]))
        a.maximum(b).sum().backward()
        #expect(a.grad!.scalars == [0, 0.5, 1] && b.grad!.scalars == [1, 0.5, 0])
        a.zeroGrad(); b.zeroGrad()
        a.minimum(b).sum().backward()
        #expect(a.grad!.scalars == [1, 0.5, 0] && b.grad!.scalars == [0, 0.5, 1])
    }

    @Test func infinitiesStayExact() {
        let a = V(T([-.infinity, 1, .infinity])), b = V(T([0, .infinity, -.infinity]))
        #expect(a.maximum(b).value.scalars == [0, .infinity, .infinity])
        #expect(a.minimum(b).value.scalars == [-.infinity, 1, -.infinity])
    }
}

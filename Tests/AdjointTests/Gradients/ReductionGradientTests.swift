import Testing
@testable import Adjoint

// Backward of the reductions over axes, with and without kept dimensions.

@Suite struct ReductionGradientTests {
    let x = random([2, 3, 4], seed: 70)

    @Test(arguments: [nil, [0], [1], [2], [-1], [0, 2], [1, 0], [0, 1, 2]] as [[Int]?], [false, true])
    func sumAndMean(axes: [Int]?, keep: Bool) {
        expectGradcheck("sum \(axes ?? []) keep \(keep)", { $0[0].sum(alongAxes: axes, keepingDimensions: keep) }, at: [x])
        expectGradcheck("mean \(axes ?? []) keep \(keep)", { $0[0].mean(alongAxes: axes, keepingDimensions: keep) }, at: [x])
    }

    @Test(arguments: [0, 1, 2, -1], [false, true])
    func maxAlongAnAxis(axis: Int, keep: Bool) {
        // Continuous random values have no ties.
        expectGradcheck("max axis \(axis) keep \(keep)", { $0[0].max(alongAxis: axis, keepingDimensions: keep) }, at: [x])
    }

    @Test func maxSplitsTheGradientAmongTies() {
        let v = V(T([1, 3, 3, 2], shape: [2, 2]))
        v.max(alongAxis: 1).sum().backward()
        #expect(v.grad?.scalars == [0, 1, 1, 0])
        let w = V(T([2, 2, 1]))
        w.max(alongAxis: 0).backward()
        #expect(w.grad?.scalars == [0.5, 0.5, 0])
    }
}

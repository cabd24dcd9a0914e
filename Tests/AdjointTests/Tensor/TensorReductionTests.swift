import Testing
@testable import Adjoint

// Reductions over every subset of axes, kept or dropped, against a per-group reference.

@Suite struct TensorReductionTests {
    /// Rank 3 with a length-9 axis, so the 8-wide accumulator path and its tail both run.
    let x = random([2, 3, 9], seed: 20)

    static let axisSets: [[Int]] = [[0], [1], [2], [-1], [0, 1], [0, 2], [1, 2], [2, 0], [0, 1, 2]]

    @Test(arguments: TensorReductionTests.axisSets, [false, true])
    func reductionsMatchTheReference(axes: [Int], keep: Bool) {
        let mean: ([Double]) -> Double = { $0.reduce(0, +) / Double($0.count) }
        let cases: [(String, T, ([Double]) -> Double)] = [
            ("sum", x.sum(alongAxes: axes, keepingDimensions: keep), { $0.reduce(0, +) }),
            ("mean", x.mean(alongAxes: axes, keepingDimensions: keep), mean),
            ("max", x.max(alongAxes: axes, keepingDimensions: keep), { $0.max()! }),
            ("min", x.min(alongAxes: axes, keepingDimensions: keep), { $0.min()! }),
            ("variance", x.variance(alongAxes: axes, keepingDimensions: keep), { v in
                let m = mean(v)
                return mean(v.map { ($0 - m) * ($0 - m) })
            }),
        ]
        for (name, actual, reference) in cases {
            let expected = referenceReduce(x, axes: axes, keepingDimensions: keep, reference)
            #expect(actual.shape == expected.shape, "\(name) over \(axes) keep \(keep)")
            #expect(maxDifference(actual, expected) < 1e-13, "\(name) over \(axes) keep \(keep)")
        }
    }

    @Test func reducingAllAxesGivesAScalar() {
        #expect(x.sum().shape == [])
        #expect(x.sum(keepingDimensions: true).shape == [1, 1, 1])
        #expect(Swift.abs(x.sum().scalar - x.scalars.reduce(0, +)) < 1e-13)
        #expect(x.max().scalar == x.scalars.max())
        #expect(x.min().scalar == x.scalars.min())
        #expect(T(arange: 1, 5).mean().scalar == 2.5)
        #expect(T([1, 2, 3, 4]).variance().scalar == 1.25)
        #expect(x.sum(alongAxes: []) == x)
    }

    @Test func argmaxFindsTheFirstLargest() {
        let m = T([1, 5, 2, 7, 0, 7, 3, 3, 3], shape: [3, 3])
        #expect(m.argmax(alongAxis: 1) == [1, 0, 0])
        #expect(m.argmax(alongAxis: 0) == [1, 0, 1])
        #expect(m.argmax(alongAxis: -1) == [1, 0, 0])
        for axis in 0..<3 {
            let indices = x.argmax(alongAxis: axis)
            let maxima = x.max(alongAxes: [axis]).scalars
            let kept = x.shape.enumerated().map { $0.offset == axis ? 1 : $0.element }
            for (i, index) in allIndices(kept).enumerated() {
                var at = index
                at[axis] = indices[i]
                #expect(x[at[0], at[1], at[2]] == maxima[i])
            }
        }
    }
}

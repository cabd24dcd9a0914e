import Testing
@testable import Adjoint

// Reshape, permute, broadcast, slice, concatenate and flatten, checked element by element
// against index arithmetic written here.

@Suite struct TensorShapeTests {
    let x = T(arange: 0, 24).reshaped([2, 3, 4])

    @Test func reshapeInfersOneAxis() {
        #expect(x.reshaped([4, -1]).shape == [4, 6])
        #expect(x.reshaped([-1]).shape == [24])
        #expect(x.reshaped([2, -1, 2]).shape == [2, 6, 2])
        #expect(x.reshaped([6, 4]).scalars == x.scalars)
        #expect(T.zeros([0, 3]).reshaped([-1, 3]).shape == [0, 3])
    }

    @Test func permuteMovesAxes() {
        let p = x.permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        for index in allIndices(p.shape) {
            #expect(p[index[0], index[1], index[2]] == x[index[1], index[2], index[0]])
        }
        #expect(x.permuted([0, 1, 2]) == x)
        #expect(p.permuted([1, 2, 0]) == x)
    }

    @Test func transposedSwapsTheLastTwoAxes() {
        let t = x.transposed()
        #expect(t.shape == [2, 4, 3])
        for index in allIndices(t.shape) {
            #expect(t[index[0], index[1], index[2]] == x[index[0], index[2], index[1]])
        }
        let m = T([1, 2, 3, 4, 5, 6], shape: [2, 3]).transposed()
        #expect(m.shape == [3, 2] && m.scalars == [1, 4, 2, 5, 3, 6])
    }

    @Test(arguments: [
        ([3], [2, 3]), ([1], [4]), ([3, 1], [3, 4]), ([1, 4], [3, 4]), ([2, 1, 4], [2, 3, 4]),
        ([], [2, 2]), ([3, 1], [2, 3, 5]), ([1, 1], [1, 1]),
    ])
    func broadcastFollowsNumPyRules(from: [Int], to: [Int]) {
        let source = T(arange: 0, Double(from.reduce(1, *))).reshaped(from)
        let b = source.broadcast(to: to)
        #expect(b.shape == to)
        let values = source.scalars
        for (i, index) in allIndices(to).enumerated() {
            #expect(b.scalars[i] == values[broadcastOffset(index, in: from)], "at \(index)")
        }
    }

    @Test func sliceAlongEachAxis() {
        #expect(x.slice(1..<2).shape == [1, 3, 4])
        #expect(x.slice(1..<2).scalars == Array(12..<24).map(Double.init))
        #expect(x[0..<1] == x.slice(0..<1, alongAxis: 0))
        for axis in 0..<3 {
            let range = 1..<x.shape[axis]
            let s = x.slice(range, alongAxis: axis)
            var expected = x.shape
            expected[axis] = range.count
            #expect(s.shape == expected)
            for index in allIndices(s.shape) {
                var source = index
                source[axis] += range.lowerBound
                #expect(s[index[0], index[1], index[2]] == x[source[0], source[1], source[2]])
            }
        }
        #expect(x.slice(1..<3, alongAxis: -1) == x.slice(1..<3, alongAxis: 2))
        #expect(x.slice(2..<2, alongAxis: 1).shape == [2, 0, 4])
    }

    @Test func concatenateUndoesSlicing() {
        for axis in 0..<3 {
            let n = x.shape[axis]
            let parts = [x.slice(0..<1, alongAxis: axis), x.slice(1..<n - 1, alongAxis: axis), x.slice(n - 1..<n, alongAxis: axis)]
            #expect(T.concatenate(parts, alongAxis: axis) == x, "axis \(axis)")
        }
        let joined = T.concatenate([T([1, 2], shape: [1, 2]), T([3, 4, 5, 6], shape: [2, 2])])
        #expect(joined.shape == [3, 2] && joined.scalars == [1, 2, 3, 4, 5, 6])
        let columns = T.concatenate([T([1, 2], shape: [2, 1]), T([3, 4, 5, 6], shape: [2, 2])], alongAxis: -1)
        #expect(columns.scalars == [1, 3, 4, 2, 5, 6])
    }

    @Test func flattenKeepsTheBatchAxis() {
        #expect(x.flattened().shape == [2, 12])
        #expect(x.flattened().scalars == x.scalars)
        #expect(T([1, 2, 3]).flattened().shape == [3, 1])
        #expect(V(x).flattened().shape == [2, 12])
        // An empty batch flattens too (the variable's version once inferred the size with -1).
        #expect(T.zeros([0, 2, 3]).flattened().shape == [0, 6])
        #expect(V(T.zeros([0, 2, 3])).flattened().shape == [0, 6])
    }
}

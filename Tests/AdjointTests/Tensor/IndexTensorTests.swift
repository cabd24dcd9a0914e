import Testing
@testable import Adjoint

// IndexTensor: shapes from its initialisers, row-major subscripts, reshapes, and a trap naming
// the operation and the shapes on each misuse.

@Suite struct IndexTensorTests {
    @Test func rowsGiveAMatrixInRowMajorOrder() {
        let ids = IndexTensor([[5, 2, 9], [7, 1, 0]])
        #expect(ids.shape == [2, 3] && ids.rank == 2 && ids.count == 6)
        #expect(ids.scalars == [5, 2, 9, 7, 1, 0])
        for n in 0..<2 {
            for t in 0..<3 { #expect(ids[n, t] == [[5, 2, 9], [7, 1, 0]][n][t]) }
        }
        #expect(ids[1, -1] == 0 && ids[-2, 1] == 2)
        #expect(ids == IndexTensor([5, 2, 9, 7, 1, 0], shape: [2, 3]))
        #expect(ids != IndexTensor([5, 2, 9, 7, 1, 0], shape: [3, 2]))
    }

    @Test func vectorsAndEmptyShapes() {
        #expect(IndexTensor([3, 0, 7]).shape == [3])
        #expect(IndexTensor([4], shape: []).shape == [] && IndexTensor([4], shape: [])[] == 4)
        #expect(IndexTensor([], shape: [0, 5]).count == 0)
        #expect(IndexTensor([[Int]]()).shape == [0, 0])
    }

    @Test func reshapedKeepsTheOrderAndInfersOneAxis() {
        let ids = IndexTensor(Array(0..<12), shape: [3, 4])
        let r = ids.reshaped([2, -1, 3])
        #expect(r.shape == [2, 2, 3] && r.scalars == ids.scalars)
        #expect(r[1, 0, 2] == 8)
        #expect(ids.reshaped([-1]).shape == [12])
    }

    @Test func descriptionShowsShapeAndValues() {
        #expect(IndexTensor([[5, 2], [7, 1]]).description == "IndexTensor([2, 2], [5, 2, 7, 1])")
    }

    @Test func valuesThatDoNotFillTheShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = IndexTensor([1, 2, 3], shape: [2, 2])
        }
        expectStandardError(of: result, contains: ["IndexTensor: 3 values do not fill shape [2, 2]"])
    }

    @Test func raggedRows() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = IndexTensor([[1, 2, 3], [4]])
        }
        expectStandardError(of: result, contains: ["IndexTensor: rows of lengths [1, 3] differ"])
    }

    @Test func subscriptOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = IndexTensor([[1, 2], [3, 4]])[2, 0]
        }
        expectStandardError(of: result, contains: ["IndexTensor subscript: index [2, 0] out of range for shape [2, 2]"])
    }

    @Test func reshapeToAnotherCount() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = IndexTensor([1, 2, 3, 4, 5, 6]).reshaped([4, -1])
        }
        expectStandardError(of: result, contains: ["IndexTensor reshape: cannot reshape [6] (6 elements) into [4, -1]"])
    }
}

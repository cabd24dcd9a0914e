import Testing
@testable import Adjoint

// Backward of the shape primitives: each is its adjoint's pair (broadcast and sum-to-shape,
// slice and concatenate, gather and scatter, permute and its inverse).

@Suite struct ShapeGradientTests {
    let x = random([2, 3, 4], seed: 50)

    @Test func permuteAndReshape() {
        expectGradcheck("permute [2, 0, 1]", { $0[0].permuted([2, 0, 1]) }, at: [x])
        expectGradcheck("permute [1, 2, 0]", { $0[0].permuted([1, 2, 0]) }, at: [x])
        expectGradcheck("transposed", { $0[0].transposed() }, at: [x])
        expectGradcheck("reshape [4, -1]", { $0[0].reshaped([4, -1]) }, at: [x])
        expectGradcheck("flattened", { $0[0].flattened() }, at: [x])
    }

    @Test(arguments: [([3], [2, 3]), ([3, 1], [3, 4]), ([1, 4], [2, 3, 4]), ([], [2, 2]), ([2, 1, 1], [2, 3, 4])])
    func broadcastAndSumToShape(from: [Int], to: [Int]) {
        let small = random(from, seed: 51), large = random(to, seed: 52)
        expectGradcheck("broadcast \(from) -> \(to)", { $0[0].broadcast(to: to) }, at: [small])
        expectGradcheck("sum(toShape:) \(to) -> \(from)", { $0[0].sum(toShape: from) }, at: [large])
    }

    @Test func sliceAlongEachAxis() {
        for axis in 0..<3 {
            expectGradcheck("slice axis \(axis)", { $0[0].slice(1..<x.shape[axis], alongAxis: axis) }, at: [x])
        }
        expectGradcheck("slice axis -1 middle", { $0[0].slice(1..<3, alongAxis: -1) }, at: [x])
    }

    @Test func concatenateAlongEachAxis() {
        for axis in 0..<3 {
            var other = x.shape
            other[axis] = 2
            let y = random(other, seed: 53)
            expectGradcheck("concatenate axis \(axis)", { V.concatenate([$0[0], $0[1], $0[0]], alongAxis: axis) }, at: [x, y])
        }
        // A constant part gets no gradient but must not disturb the others.
        expectGradcheck("concatenate with constant",
                        { V.concatenate([$0[0], V(constant: x)], alongAxis: -1) }, at: [x])
    }

    @Test func gatherAndScatter() {
        let scores = random([4, 5], seed: 54)
        expectGradcheck("gather", { $0[0].gathering([0, 4, 2, 2]) }, at: [scores])
        expectGradcheck("gather rank 3", { $0[0].gathering([1, 0, 3, 2, 3, 0]) }, at: [x])
        // Flat gather and scatter-add, with repeated indices (overlapping pooling windows).
        expectGradcheck("flat gather", { $0[0].gathering(flatIndices: [19, 0, 7, 7, 3], shape: [5]) }, at: [scores])
        expectGradcheck("scatter-add", { $0[0].scatterAdding(flatIndices: [3, 0, 3, 1], shape: [2, 2]) },
                        at: [random([4], seed: 55)])
    }
}

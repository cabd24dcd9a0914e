import Testing
@testable import Adjoint

// Backward of the broadcasting arithmetic primitives and matmul against numerical gradients.

@Suite struct ArithmeticGradientTests {
    /// Shape pairs where each side is broadcast in some way, and one where neither is.
    static let shapePairs: [([Int], [Int])] = [
        ([3, 4], [3, 4]), ([3, 4], [4]), ([3, 1], [1, 4]), ([2, 3, 4], [3, 1]), ([], [2, 3]), ([2, 1, 3], [4, 1]),
    ]

    @Test(arguments: ArithmeticGradientTests.shapePairs)
    func binaryArithmetic(a: [Int], b: [Int]) {
        let x = random(a, seed: 40), y = awayFromZero(b, seed: 41)
        expectGradcheck("add \(a) \(b)", { $0[0] + $0[1] }, at: [x, y])
        expectGradcheck("subtract \(a) \(b)", { $0[0] - $0[1] }, at: [x, y])
        expectGradcheck("multiply \(a) \(b)", { $0[0] * $0[1] }, at: [x, y])
        expectGradcheck("divide \(a) \(b)", { $0[0] / $0[1] }, at: [x, y])
    }

    @Test func negateAndScalarConveniences() {
        let x = awayFromZero([2, 3], seed: 42)
        expectGradcheck("negate", { -$0[0] }, at: [x])
        expectGradcheck("scalar mix", { v -> V in
            let left: V = (2 - v[0]) * 3 + 1 / v[0]
            let right: V = v[0] / 4 + (5 + v[0])
            return left - right
        }, at: [x])
        expectGradcheck("tensor constant", { v -> V in (v[0] * T([1, 2, 3]) + T([4])) - v[0] / T([2, 3, 4]) }, at: [x])
    }

    @Test(arguments: [false, true], [false, true])
    func matmulWithTransposes(transposeA: Bool, transposeB: Bool) {
        let (m, k, n) = (3, 4, 2)
        let a = random(transposeA ? [k, m] : [m, k], seed: 43)
        let b = random(transposeB ? [n, k] : [k, n], seed: 44)
        expectGradcheck("matmul tA \(transposeA) tB \(transposeB)",
                        { $0[0].matmul($0[1], transposeSelf: transposeA, transposeOther: transposeB) }, at: [a, b])
        let ba = random([2] + a.shape, seed: 45), bb = random([2] + b.shape, seed: 46)
        expectGradcheck("batched matmul tA \(transposeA) tB \(transposeB)",
                        { $0[0].matmul($0[1], transposeSelf: transposeA, transposeOther: transposeB) }, at: [ba, bb])
        expectGradcheck("batched x 2-D matmul tA \(transposeA) tB \(transposeB)",
                        { $0[0].matmul($0[1], transposeSelf: transposeA, transposeOther: transposeB) }, at: [ba, b])
        expectGradcheck("2-D x batched matmul tA \(transposeA) tB \(transposeB)",
                        { $0[0].matmul($0[1], transposeSelf: transposeA, transposeOther: transposeB) }, at: [a, bb])
    }

    @Test func operandUsedTwiceInMatmul() {
        let a = random([3, 3], seed: 47)
        expectGradcheck("a @ a^T", { $0[0].matmul($0[0], transposeOther: true) }, at: [a])
        expectGradcheck("a @ a", { $0[0].matmul($0[0]) }, at: [a])
    }
}

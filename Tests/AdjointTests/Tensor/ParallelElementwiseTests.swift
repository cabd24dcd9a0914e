import Testing
@testable import Adjoint

/// Elementwise operations large enough to be split across threads give exactly the values of
/// the per-element formula, for every broadcast pattern that splits differently.
@Suite struct ParallelElementwise {
    let rows = 300, columns = 700   // 210,000 elements: three or more pieces

    func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var rng = SeededGenerator(seed: seed)
        return Tensor.randn(shape, using: &rng)
    }

    @Test func largeOperationsAreSplit() {
        #expect(elementwisePieces(rows * columns) > 1 || Parallelism.maxThreads == 1)
        #expect(elementwisePieces(100 * 512) <= 1)
    }

    @Test func rowBroadcast() {
        let a = random([rows, columns], seed: 1), b = random([columns], seed: 2)
        let sum = a + b, x = a.scalars, y = b.scalars
        #expect(sum.scalars == (0..<(rows * columns)).map { x[$0] + y[$0 % columns] })
    }

    @Test func columnBroadcast() {
        let a = random([rows, 1], seed: 3), b = random([rows, columns], seed: 4)
        let difference = a - b, x = a.scalars, y = b.scalars
        #expect(difference.scalars == (0..<(rows * columns)).map { x[$0 / columns] - y[$0] })
    }

    @Test func sameShapeAndScalars() {
        let a = random([rows, columns], seed: 5), b = random([rows, columns], seed: 6)
        let x = a.scalars, y = b.scalars
        #expect((a * b).scalars == zip(x, y).map { $0 * $1 })
        #expect((a / 3).scalars == x.map { $0 / 3 })
        #expect((2 - a).scalars == x.map { 2 - $0 })
    }

    @Test func unary() {
        let a = random([rows, columns], seed: 7)
        #expect(a.exp().scalars == a.scalars.map { Double.exponential($0) })
        #expect(a.maximum(0).scalars == a.scalars.map { Swift.max($0, 0) })
    }
}

import Testing
@testable import Adjoint

// Constants, ranges and seeded random tensors.

@Suite struct TensorCreationTests {
    @Test func linspaceIncludesBothEnds() {
        let x = T(linspace: -1, 2, count: 7)
        #expect(x.shape == [7])
        expectClose(x, T([-1, -0.5, 0, 0.5, 1, 1.5, 2]), tolerance: 1e-15)
        #expect(x.scalars.last == 2)
        #expect(T(linspace: 3, 9, count: 1).scalars == [3])
        #expect(T(linspace: 3, 9, count: 0).shape == [0])
    }

    @Test func arangeStopsBeforeEnd() {
        #expect(T(arange: 0, 5).scalars == [0, 1, 2, 3, 4])
        expectClose(T(arange: 1, 2, step: 0.25), T([1, 1.25, 1.5, 1.75]), tolerance: 1e-15)
        #expect(T(arange: 3, 0, step: -1).scalars == [3, 2, 1])
        #expect(T(arange: 2, 2).count == 0)
    }

    @Test func constantsFillTheirShape() {
        let z = T.zeros([2, 3]), o = T.ones([4]), f = T.filled([2, 1, 2], with: -2.5)
        #expect(z.shape == [2, 3] && z.scalars == [Double](repeating: 0, count: 6))
        #expect(o.shape == [4] && o.scalars == [1, 1, 1, 1])
        #expect(f.shape == [2, 1, 2] && f.scalars.allSatisfy { $0 == -2.5 })
        #expect(T(7).shape == [] && T(7).scalar == 7)
    }

    @Test func sameSeedSameNumbersDifferentSeedsDiffer() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let x = T.randn([5, 4], using: &a), y = T.randn([5, 4], using: &b), z = T.randn([5, 4], using: &c)
        #expect(x == y)
        #expect(x != z)
        let u = T.uniform([10], using: &a), v = T.uniform([10], using: &b), w = T.uniform([10], using: &c)
        #expect(u == v)
        #expect(u != w)
        // The generator moved on: the next draw differs from the first.
        #expect(T.randn([5, 4], using: &a) != x)
    }

    @Test func randnHasTheRequestedMeanAndStd() {
        var rng = SeededGenerator(seed: 7)
        let n = 20_000
        let x = T.randn([n], mean: 3, std: 2, using: &rng)
        let mean = x.mean().scalar
        let std = x.variance().scalar.squareRoot()
        // Standard errors are 2/sqrt(n) ~ 0.014 for the mean and ~0.01 for the std.
        #expect(Swift.abs(mean - 3) < 0.06, "mean \(mean)")
        #expect(Swift.abs(std - 2) < 0.05, "std \(std)")
    }

    @Test func uniformStaysInItsRange() {
        var rng = SeededGenerator(seed: 3)
        let x = T.uniform([10_000], low: -2, high: 5, using: &rng)
        #expect(x.min().scalar >= -2 && x.max().scalar < 5)
        #expect(Swift.abs(x.mean().scalar - 1.5) < 0.1)
        let f = Tensor<Float>.uniform([100], using: &rng)
        #expect(f.scalars.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func uniformNeverReachesItsUpperBound() {
        // A state whose next output is all ones, the largest sample: 1 - 2^-53 as a Double,
        // which rounds to 1 when converted to Float.
        var rng = SeededGenerator(seed: 0)
        rng.state[1] = 0x4FC7_1C71_C71C_71C7
        var probe = rng
        #expect(probe.next() as UInt64 == .max)
        var same = rng
        #expect(Tensor<Float>.uniform([1], using: &rng).scalar < 1)
        #expect(T.uniform([1], using: &same).scalar == 1 - 0x1p-53)
    }
}

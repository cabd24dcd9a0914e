import Testing
@testable import Adjoint

// maskedFill writes the fill value itself (infinities included) and passes no gradient there,
// so a causal mask of -infinity gives a softmax with exact zeros and finite gradients.

@Suite struct MaskedFillTests {
    let x = random([4, 4], seed: 320, low: -2, high: 2)
    /// 1 where the key (column) comes after the query (row): the future in causal attention.
    let future: T = {
        let t = T(arange: 0, 4)
        return t.reshaped([1, 4]) .> t.reshaped([4, 1])
    }()

    @Test func valuesMatchALoop() {
        for fill in [-Double.infinity, .infinity, -1e9, 0.25] {
            let expected = T(allIndices([4, 4]).map { $0[1] > $0[0] ? fill : x.scalars[$0[0] * 4 + $0[1]] }, shape: [4, 4])
            #expect(V(x).maskedFill(future, with: fill).value == expected)
            #expect(x.maskedFill(future, with: fill) == expected)
        }
        // The mask broadcasts: a (1, 4) mask fills whole columns, a (4, 1) mask whole rows.
        let columns = T([0, 1, 0, 1], shape: [1, 4])
        #expect(x.maskedFill(columns, with: -.infinity) == referenceBinary(x, columns) { $1 != 0 ? -.infinity : $0 })
    }

    @Test func gradient() {
        expectGradcheck("maskedFill", { $0[0].maskedFill(future, with: 3) * $0[0] }, at: [x])
        let v = V(x)
        (v.maskedFill(future, with: 3) * 2).sum().backward()
        #expect(v.grad! == (1 - future) * 2)
    }

    @Test func minusInfinityThenSoftmaxGivesExactZeros() {
        let v = V(x)
        let attention = v.maskedFill(future, with: -.infinity).softmax()
        for index in allIndices([4, 4]) where index[1] > index[0] {
            #expect(attention.value.scalars[index[0] * 4 + index[1]] == 0)
        }
        expectClose(attention.value.sum(alongAxes: [1]), T.ones([4]), tolerance: 1e-15)
        (attention * random([4, 4], seed: 321)).sum().backward()
        #expect(v.grad!.scalars.allSatisfy { $0.isFinite })
        #expect(v.grad!.maskedFill(1 - future, with: 0) == T.zeros([4, 4]))
        expectGradcheck("masked softmax", { $0[0].maskedFill(future, with: -.infinity).softmax() }, at: [x],
                        upstream: random([4, 4], seed: 322))
        // Float's vectorised exp also gives exact zeros at -infinity.
        let f = Variable(Tensor<Float>(x.scalars.map(Float.init), shape: [4, 4]), requiresGrad: true)
        let fa = f.maskedFill(Tensor<Float>(future.scalars.map(Float.init), shape: [4, 4]), with: -.infinity).softmax()
        #expect(fa.value.scalars.enumerated().allSatisfy { future.scalars[$0.offset] == 0 || $0.element == 0 })
        fa.sum().backward()
        #expect(f.grad!.scalars.allSatisfy { $0.isFinite })
    }
}

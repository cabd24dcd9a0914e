import Testing
@testable import Adjoint

// The graph keeps only the values pullbacks read (the `reads:` of each record call): every other result's
// elements are freed once nothing but the graph holds it, and gradients do not change.
//
// The graphs are built one statement at a time: a debug build keeps a statement's temporaries
// (and a named result) alive until the statement (or scope) ends, and a value something holds
// is never freed.

@Suite struct SavedValuesTests {
    /// Each primitive, its inputs intermediates that only it holds: an input its pullback does
    /// not read is freed (so a pullback reading one would stop), one it reads is kept, and the
    /// gradient still matches finite differences.
    @Test(arguments: Primitive.builtIn)
    func onlyTheInputsAPullbackReadsAreKept(of primitive: Primitive) throws {
        let check = try #require(PrimitiveCoverageTests.checks[primitive])
        let f = { (v: [V]) -> V in
            let result = check.f(v.map { $0 * 1 })   // inputs held by the result alone
            return (result * 1).sum()                 // recording `* 1` frees the unread ones
        }
        let loss = f(check.inputs.map { V($0) })
        let node = loss.inputs[0].inputs[0]
        #expect(node.primitive == primitive)
        for (i, input) in node.inputs.enumerated() {
            let read = i == 0 ? node.readValues.contains(.first) : i == 1 && node.readValues.contains(.second)
            #expect(input.valueIsFreed == !read, "input \(i) of \(primitive)")
        }
        loss.backward()   // runs the pullback with the unread inputs freed
        expectGradcheck(primitive.name, f, at: check.inputs)
    }

    @Test func aProductWithAConstantKeepsOnlyTheConstant() {
        // Dropout: `h * mask` reads `mask` for h's gradient, and h only for the mask's, which
        // it does not take.
        let w = V(random([4, 3], seed: 1))
        let mask = V(constant: random([4, 3], seed: 2))
        var h = w * 2
        h = h.tanh() + 1              // the sum with 1: read by no pullback
        h = h * mask
        let loss = h.sum()
        #expect(loss.inputs[0].inputs[0].primitiveName == "addConstant")
        #expect(loss.inputs[0].inputs[0].valueIsFreed)
        #expect(!loss.inputs[0].inputs[1].valueIsFreed)
    }

    @Test func freedValuesShareOneEmptyStorage() {
        let x = V(T([1, 2, 3]))
        var h = x + 1
        h = h * 2
        h = h - 3                     // frees `x + 1`
        h = h / 4                     // frees `* 2`
        let loss = h.sum()
        let times2 = loss.inputs[0].inputs[0].inputs[0], plus1 = times2.inputs[0]
        #expect(plus1.valueIsFreed && times2.valueIsFreed)
        #expect(plus1.storedValue.storage === TensorStorage<Double>.empty)
        #expect(times2.storedValue.storage === TensorStorage<Double>.empty)
        #expect(plus1.shape == [3])
        loss.backward()
        #expect(x.grad == T([0.5, 0.5, 0.5]))
    }

    @Test func aConvolutionReluPoolGraphKeepsWhatItsPullbacksRead() {
        let x = V(constant: random([2, 6, 6, 1], seed: 3))
        let w = V(random([3, 3, 1, 4], seed: 4)), b = V(random([4], seed: 5))
        var h = x.conv2d(w, padding: 1)   // patches (a constant: x takes no gradient), matmul, reshape
        h = h + b                         // frees the matmul's output
        h = h.relu()                      // frees its reshape (the same storage)
        h = h.maxPool2d(pool: 2, stride: 2)   // frees the sum: relu's pullback reads its output
        let loss = h.sum()
        let report = loss.memoryReport()
        let size = MemoryLayout<Double>.size
        var rows: [String: [Int]] = [:]
        for row in report.rows { rows[row.primitiveName] = [row.nodes, row.bytes] }
        // Kept: the weights, the patches of x (72 windows of 9) matmul reads, the ReLU
        // output relu reads, and the last two nodes: the pool's output, an input of the last
        // node recorded, which no later record checks, and the loss. The reshape of the
        // weights shares their storage.
        #expect(rows == [
            "constant": [1, 72 * 9 * size], "leaf": [2, (36 + 4) * size],
            "reshape": [2, 0], "matmul": [1, 0], "add": [1, 0], "maximum": [1, 288 * size],
            "gather": [1, 72 * size], "sum": [1, size],
        ])
        #expect(report.totalBytes == (648 + 40 + 288 + 72 + 1) * size)
    }

    @Test func aValueTheUserHoldsIsKept() {
        let w = V(random([3], seed: 6))
        let scaled = w * 2           // held below: stays readable
        let loss = (scaled + 1).exp().sum()
        #expect(!scaled.valueIsFreed)
        #expect(scaled.value == w.value * 2)
        loss.backward()
        #expect(w.grad == 2 * (w.value * 2 + 1).exp())
    }

    @Test func freeingChangesNoGradient() {
        // The same conv-relu-pool-tanh graph twice: once with every intermediate the caller
        // sees held, once built as temporaries (values freed as it goes): the same bits.
        let inputs = [random([2, 6, 6, 2], seed: 7), random([3, 3, 2, 3], seed: 8), random([3], seed: 9)]
        func grads(holding: Bool) -> (grads: [T], freed: Int) {
            let v = inputs.map { V($0) }
            var held: [V] = []
            var h = v[0].conv2d(v[1], padding: 1)
            for layer in [{ $0 + v[2] }, { $0.relu() }, { $0.maxPool2d(pool: 2, stride: 2) }, { $0.tanh() },
                          { $0 * 2 }, { $0.sum() }] as [(V) -> V] {
                if holding { held.append(h) }
                h = layer(h)
            }
            let freed = h.recordedNodes().filter(\.valueIsFreed).count
            return (gradients(of: h, wrt: v).map(\.value), freed)
        }
        let (kept, freed) = (grads(holding: true), grads(holding: false))
        #expect(kept.freed == 1)     // the matmul inside conv2d, which the caller cannot hold
        #expect(freed.freed == 4)    // also its reshape, the sum with the bias, the pool's output
        #expect(kept.grads == freed.grads)
    }
}

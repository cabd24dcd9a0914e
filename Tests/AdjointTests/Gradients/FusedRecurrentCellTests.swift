import Testing
@testable import Adjoint

// The fused LSTM and GRU steps against their compositions: the forward bit for bit (the same
// tanh kernel, the same operations in the same order), the gradients within rounding, Float
// and Double, odd sizes and several blocks of rows; bit for bit across thread counts; gradcheck
// in Double; differentiated twice through the composition's derivative.

@Suite struct FusedRecurrentCellTests {
    /// `(N, H)`: one element, odd sizes, the LSTM benchmark's and several blocks of rows.
    static let sizes: [(rows: Int, hidden: Int)] = [(1, 1), (3, 5), (7, 33), (32, 128), (130, 70)]

    /// An LSTM step's outputs `h'`, `c'` and the gradients of the gates and `c` for seeded
    /// upstream gradients of both outputs, with the primitives that recorded `h'` and `c'`.
    static func lstmResults<S: TensorScalar>(rows: Int, hidden: Int, fused: Bool,
                                             as _: S.Type) -> (primitives: [Primitive?], tensors: [Tensor<S>]) {
        var rng = SeededGenerator(seed: UInt64(rows * 1000 + hidden))
        let gates = Variable(Tensor<S>.randn([rows, 4 * hidden], using: &rng) * 2), cell = Variable(Tensor<S>.randn([rows, hidden], using: &rng))
        let (upstreamHidden, upstreamCell) = (Tensor<S>.randn([rows, hidden], using: &rng), Tensor<S>.randn([rows, hidden], using: &rng))
        let (h, c) = Fusion.with(fused) { gates.lstmCell(cell: cell) }
        let loss = (h * upstreamHidden).sum() + (c * upstreamCell).sum()
        return ([h.primitive, c.primitive], [h.value, c.value] + gradients(of: loss, wrt: [gates, cell]).map(\.value))
    }

    /// A GRU step's output and the gradients of both sides' gates and `h` for a seeded upstream gradient.
    static func gruResults<S: TensorScalar>(rows: Int, hidden: Int, fused: Bool,
                                            as _: S.Type) -> (primitive: Primitive?, tensors: [Tensor<S>]) {
        var rng = SeededGenerator(seed: UInt64(rows * 1000 + hidden + 1))
        let inputGates = Variable(Tensor<S>.randn([rows, 3 * hidden], using: &rng) * 2)
        let hiddenGates = Variable(Tensor<S>.randn([rows, 3 * hidden], using: &rng) * 2)
        let state = Variable(Tensor<S>.randn([rows, hidden], using: &rng)), upstream = Tensor<S>.randn([rows, hidden], using: &rng)
        let next = Fusion.with(fused) { inputGates.gruCell(hiddenGates: hiddenGates, hidden: state) }
        return (next.primitive, [next.value] + gradients(of: next, wrt: [inputGates, hiddenGates, state], seed: upstream).map(\.value))
    }

    /// Equal bits for the first `exact` tensors, then relative distances within `tolerance`.
    static func expectMatch<S: TensorScalar>(_ fused: [Tensor<S>], _ plain: [Tensor<S>], exact: Int, tolerance: Double,
                                             _ label: String) {
        // (Widening to Double is exact, so equal Doubles are equal bits here, where no NaN is.)
        for k in 0..<exact {
            #expect(fused[k].scalars.map { Double($0).bitPattern } == plain[k].scalars.map { Double($0).bitPattern }, "\(label) output \(k)")
        }
        for k in exact..<fused.count {
            let distance = relativeDistance(fused[k], plain[k])
            #expect(distance <= tolerance, "\(label) \(S.self): gradient \(k - exact) relative distance \(distance)")
        }
    }

    @Test func lstmFusedMatchesTheCompositionInFloatAndDouble() {
        for (rows, hidden) in Self.sizes {
            let label = "lstmCell (\(rows), \(hidden))"
            let (fusedFloat, plainFloat) = (Self.lstmResults(rows: rows, hidden: hidden, fused: true, as: Float.self),
                                            Self.lstmResults(rows: rows, hidden: hidden, fused: false, as: Float.self))
            #expect(fusedFloat.primitives == [.lstmHidden, .lstmCell] && plainFloat.primitives == [.multiply, .add])
            Self.expectMatch(fusedFloat.tensors, plainFloat.tensors, exact: 2, tolerance: 2e-6, label)
            Self.expectMatch(Self.lstmResults(rows: rows, hidden: hidden, fused: true, as: Double.self).tensors,
                             Self.lstmResults(rows: rows, hidden: hidden, fused: false, as: Double.self).tensors,
                             exact: 2, tolerance: 1e-14, label)
        }
    }

    @Test func gruFusedMatchesTheCompositionInFloatAndDouble() {
        for (rows, hidden) in Self.sizes {
            let label = "gruCell (\(rows), \(hidden))"
            let (fusedFloat, plainFloat) = (Self.gruResults(rows: rows, hidden: hidden, fused: true, as: Float.self),
                                            Self.gruResults(rows: rows, hidden: hidden, fused: false, as: Float.self))
            #expect(fusedFloat.primitive == .gruCell && plainFloat.primitive == .add)
            Self.expectMatch(fusedFloat.tensors, plainFloat.tensors, exact: 1, tolerance: 2e-6, label)
            Self.expectMatch(Self.gruResults(rows: rows, hidden: hidden, fused: true, as: Double.self).tensors,
                             Self.gruResults(rows: rows, hidden: hidden, fused: false, as: Double.self).tensors,
                             exact: 1, tolerance: 1e-14, label)
        }
    }

    @Test func fusedIsBitIdenticalOnOneAndTwoThreads() {
        let saved = Parallelism.maxThreads
        defer { Parallelism.maxThreads = saved }
        for (rows, hidden) in Self.sizes {
            let runs = [1, 2].map { threads in
                Parallelism.maxThreads = threads
                return Self.lstmResults(rows: rows, hidden: hidden, fused: true, as: Float.self).tensors
                    + Self.gruResults(rows: rows, hidden: hidden, fused: true, as: Float.self).tensors
            }
            for (a, b) in zip(runs[0], runs[1]) { #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern)) }
        }
    }

    @Test func fusedNodesPassGradcheck() {
        let (gates, cell) = (random([3, 8], seed: 1, low: -2, high: 2), random([3, 2], seed: 2))
        expectGradcheck("lstmCell c'", { v in
            let c = Fusion.with(true) { v[0].lstmCell(cell: v[1]).cell }
            #expect(c.primitive == .lstmCell || !c.requiresGrad)
            return c
        }, at: [gates, cell])
        expectGradcheck("lstmHidden h'", { v in
            let h = Fusion.with(true) { v[0].lstmCell(cell: v[1]).hidden }
            #expect(h.primitive == .lstmHidden || !h.requiresGrad)
            return h
        }, at: [gates, cell])
        let inputs = [random([3, 9], seed: 3, low: -2, high: 2), random([3, 9], seed: 4, low: -2, high: 2), random([3, 3], seed: 5)]
        expectGradcheck("gruCell", { v in
            let h = Fusion.with(true) { v[0].gruCell(hiddenGates: v[1], hidden: v[2]) }
            #expect(h.primitive == .gruCell || !h.requiresGrad)
            return h
        }, at: inputs)
    }

    @Test func secondDerivativesMatchTheComposition() {
        let (gates, cell, upstream) = (random([4, 12], seed: 6, low: -2, high: 2), random([4, 3], seed: 7), random([4, 3], seed: 8))
        let lstmRuns = [true, false].map { fused in
            let (a, c) = (V(gates), V(cell))
            let (h, next) = Fusion.with(fused) { a.lstmCell(cell: c) }
            let first = gradients(of: (h * next).sum(), wrt: [a, c], createGraph: true)
            let second = (first[0] * first[0]).sum() + (first[1] * V(constant: upstream)).sum()
            return gradients(of: second, wrt: [a, c]).map(\.value)
        }
        for (a, b) in zip(lstmRuns[0], lstmRuns[1]) { expectClose(a, b, tolerance: 1e-12) }
        #expect(lstmRuns[0][0].abs().max().scalar > 0.01)
        let inputs = [random([4, 9], seed: 9, low: -2, high: 2), random([4, 9], seed: 10, low: -2, high: 2), random([4, 3], seed: 11)]
        let gruRuns = [true, false].map { fused in
            let v = inputs.map { V($0) }
            let next = Fusion.with(fused) { v[0].gruCell(hiddenGates: v[1], hidden: v[2]) }
            let first = gradients(of: (next * next).sum(), wrt: v, createGraph: true)
            let second = (first[0] * first[1]).sum() + (first[2] * V(constant: upstream)).sum()
            return gradients(of: second, wrt: v).map(\.value)
        }
        for (a, b) in zip(gruRuns[0], gruRuns[1]) { expectClose(a, b, tolerance: 1e-12) }
        #expect(gruRuns[0][1].abs().max().scalar > 0.01)
    }

    @Test func fusedPrimitivesAreWhatTheCompositionRecords() {
        let (gates, cell) = (V(random([2, 12], seed: 12)), V(random([2, 3], seed: 13)))
        let (inputGates, hiddenGates) = (V(random([2, 9], seed: 14)), V(random([2, 9], seed: 15)))
        let composed: [Primitive: Set<Primitive>] = Fusion.with(false) {
            // `h'` from `c'` taken as an input, as the fused `lstmHidden` node has it.
            [.lstmCell: gates.lstmCell(cell: cell).cell.recordedPrimitives,
             .lstmHidden: (gates.sigmoid().slice(9..<12, alongAxis: 1) * cell.tanh()).recordedPrimitives,
             .gruCell: inputGates.gruCell(hiddenGates: hiddenGates, hidden: cell).recordedPrimitives]
        }
        for primitive in [Primitive.lstmCell, .lstmHidden, .gruCell] {
            #expect(Primitive.fused.contains(primitive))
            #expect(Set(primitive.fusedPrimitives) == composed[primitive], "\(primitive)")
            #expect(primitive.fusedPrimitives.count == composed[primitive]?.count)
        }
        let fusedLoss = Fusion.with(true) { gates.lstmCell(cell: cell).hidden.sum() }
        #expect(fusedLoss.memoryReport().description.contains("lstmHidden fuses scale, tanh, addConstant, slice, multiply"))
    }

    /// `(N, T, H)` of the sequences: one element, odd sizes, the LSTM benchmark's.
    static let sequenceSizes: [(rows: Int, steps: Int, hidden: Int)] = [(1, 1, 1), (3, 4, 5), (7, 5, 33), (32, 16, 128)]

    /// An LSTM sequence's output and final states, then the gradients of the projected gates,
    /// the hidden weights and both initial states for seeded upstream gradients of all three.
    static func sequenceResults<S: TensorScalar>(rows: Int, steps: Int, hidden: Int, fused: Bool,
                                                 as _: S.Type) -> (primitives: [Primitive?], tensors: [Tensor<S>]) {
        var rng = SeededGenerator(seed: UInt64(rows * 10_000 + steps * 100 + hidden))
        let projected = Variable(Tensor<S>.randn([rows, steps, 4 * hidden], using: &rng))
        let weight = Variable(Tensor<S>.randn([hidden, 4 * hidden], using: &rng) * S(1 / Double(hidden).squareRoot()))
        let (h0, c0) = (Variable(Tensor<S>.randn([rows, hidden], using: &rng)), Variable(Tensor<S>.randn([rows, hidden], using: &rng)))
        let upstream = [Tensor<S>.randn([rows, steps, hidden], using: &rng), Tensor<S>.randn([rows, hidden], using: &rng),
                        Tensor<S>.randn([rows, hidden], using: &rng)]
        let (output, h, c) = Fusion.with(fused) { projected.lstmSequence(weightHiddenHidden: weight, hidden: h0, cell: c0) }
        let loss = (output * upstream[0]).sum() + (h * upstream[1]).sum() + (c * upstream[2]).sum()
        return ([output.primitive, c.primitive],
                [output.value, h.value, c.value] + gradients(of: loss, wrt: [projected, weight, h0, c0]).map(\.value))
    }

    @Test func lstmSequenceFusedMatchesTheCompositionInFloatAndDouble() {
        for (rows, steps, hidden) in Self.sequenceSizes {
            let label = "lstmSequence (\(rows), \(steps), \(hidden))"
            let (fusedFloat, plainFloat) = (Self.sequenceResults(rows: rows, steps: steps, hidden: hidden, fused: true, as: Float.self),
                                            Self.sequenceResults(rows: rows, steps: steps, hidden: hidden, fused: false, as: Float.self))
            #expect(fusedFloat.primitives == [.lstmSequence, .lstmSequenceCell] && plainFloat.primitives == [.concatenate, .add])
            Self.expectMatch(fusedFloat.tensors, plainFloat.tensors, exact: 3, tolerance: 1e-5, label)
            Self.expectMatch(Self.sequenceResults(rows: rows, steps: steps, hidden: hidden, fused: true, as: Double.self).tensors,
                             Self.sequenceResults(rows: rows, steps: steps, hidden: hidden, fused: false, as: Double.self).tensors,
                             exact: 3, tolerance: 1e-13, label)
        }
    }

    @Test func lstmSequenceIsBitIdenticalOnOneAndTwoThreads() {
        let saved = Parallelism.maxThreads
        defer { Parallelism.maxThreads = saved }
        for (rows, steps, hidden) in Self.sequenceSizes {
            let runs = [1, 2].map { threads in
                Parallelism.maxThreads = threads
                return Self.sequenceResults(rows: rows, steps: steps, hidden: hidden, fused: true, as: Float.self).tensors
            }
            for (a, b) in zip(runs[0], runs[1]) { #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern)) }
        }
    }

    @Test func lstmSequenceNodesPassGradcheck() {
        // Two steps: over more, some of the final cell's gradients are so small (about 1e-5) that
        // the centred differences' rounding makes their relative error 1e-6, the composition's too.
        let inputs = [random([2, 2, 8], seed: 16, low: -2, high: 2), random([2, 8], seed: 17), random([2, 2], seed: 18),
                      random([2, 2], seed: 19)]
        for (name, primitive) in [("output", Primitive.lstmSequence), ("final cell", .lstmSequenceCell)] {
            expectGradcheck("lstmSequence \(name)", { v in
                let result = Fusion.with(true) { v[0].lstmSequence(weightHiddenHidden: v[1], hidden: v[2], cell: v[3]) }
                let y = primitive == .lstmSequence ? result.output : result.cell
                #expect(y.primitive == primitive || !y.requiresGrad)
                return y
            }, at: inputs)
        }
    }

    @Test func lstmSequenceSecondDerivativesMatchTheComposition() {
        let inputs = [random([2, 3, 8], seed: 20, low: -2, high: 2), random([2, 8], seed: 21), random([2, 2], seed: 22),
                      random([2, 2], seed: 23)]
        let runs = [true, false].map { fused in
            let v = inputs.map { V($0) }
            let result = Fusion.with(fused) { v[0].lstmSequence(weightHiddenHidden: v[1], hidden: v[2], cell: v[3]) }
            let first = gradients(of: (result.output * result.output).sum() + result.cell.sum(), wrt: v, createGraph: true)
            let second = (first[0] * first[0]).sum() + (first[1] * first[1]).sum() + (first[2] * first[3]).sum()
            return gradients(of: second, wrt: v).map(\.value)
        }
        for (a, b) in zip(runs[0], runs[1]) { expectClose(a, b, tolerance: 1e-12) }
        #expect(runs[0][1].abs().max().scalar > 0.01)
    }

    @Test func lstmSequencePrimitivesAreWhatTheCompositionRecords() {
        let (projected, weight) = (V(random([2, 3, 8], seed: 24)), V(random([2, 8], seed: 25)))
        let zeros = V(constant: T.zeros([2, 2]))
        let result = Fusion.with(false) { projected.lstmSequence(weightHiddenHidden: weight, hidden: zeros, cell: zeros) }
        #expect(Primitive.fused.contains(.lstmSequence) && Primitive.fused.contains(.lstmSequenceCell))
        #expect(Set(Primitive.lstmSequence.fusedPrimitives) == result.output.recordedPrimitives)
        #expect(Primitive.lstmSequence.fusedPrimitives.count == result.output.recordedPrimitives.count)
        #expect(Set(Primitive.lstmSequenceCell.fusedPrimitives) == result.cell.recordedPrimitives)
        #expect(Primitive.lstmSequenceCell.fusedPrimitives.count == result.cell.recordedPrimitives.count)
    }

    @Test func mismatchedShapesStop() async {
        let lstm = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Variable(Tensor<Float>.zeros([2, 12])).lstmCell(cell: Variable(Tensor<Float>.zeros([2, 4])))
        }
        expectStandardError(of: lstm, contains: ["lstmCell: gates of shape [2, 12] must be (N, 4H)", "[2, 4]"])
        let gru = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Variable(Tensor<Float>.zeros([2, 9])).gruCell(hiddenGates: Variable(Tensor<Float>.zeros([2, 6])),
                                                              hidden: Variable(Tensor<Float>.zeros([2, 3])))
        }
        expectStandardError(of: gru, contains: ["gruCell: gates of shapes [2, 9] and [2, 6] must be (N, 3H)", "[2, 3]"])
    }
}

import Testing
@testable import Adjoint

// Tensors as values: element subscripts, copy-on-write, and printing.

@Suite struct TensorValueTests {
    @Test func subscriptReadsAndWritesOneElement() {
        var x = T(arange: 0, 6).reshaped([2, 3])
        #expect(x[0, 0] == 0 && x[1, 2] == 5 && x[0, 2] == 2 && x[1, 0] == 3)
        #expect(x[-1, -1] == 5 && x[-2, 1] == 1)
        x[1, 1] = 40
        #expect(x.scalars == [0, 1, 2, 3, 40, 5])
        var s = T(3)
        s[] = 4
        #expect(s[] == 4 && s.scalar == 4)
    }

    @Test func mutatingACopyLeavesTheOriginal() {
        let original = T(arange: 0, 6).reshaped([2, 3])
        var copy = original
        copy[0, 1] = 100
        #expect(original.scalars == [0, 1, 2, 3, 4, 5])
        #expect(copy.scalars == [0, 100, 2, 3, 4, 5])

        // Reshaping shares storage; writing through the reshaped tensor must still copy.
        var flat = original.reshaped([6])
        flat.withUnsafeMutableBufferPointer { $0[5] = -1 }
        #expect(original[1, 2] == 5 && flat[5] == -1)

        // Variables hold values too: changing one's value does not reach the source tensor.
        let v = V(original)
        v.value[0, 0] = 7
        #expect(original[0, 0] == 0 && v.value[0, 0] == 7)

        // A uniquely held tensor is written in place (no copy on every write).
        var unique = T.zeros([3])
        let before = unique.withUnsafeBufferPointer { $0.baseAddress }
        unique[1] = 1
        #expect(unique.withUnsafeBufferPointer { $0.baseAddress } == before)
    }

    @Test func equalityComparesShapeAndValues() {
        #expect(T([1, 2, 3, 4], shape: [2, 2]) == T([1, 2, 3, 4], shape: [2, 2]))
        #expect(T([1, 2, 3, 4], shape: [2, 2]) != T([1, 2, 3, 4], shape: [4]))
        #expect(T([1, 2, 3, 4]) != T([1, 2, 3, 5]))
    }

    @Test func descriptionLooksLikeNumPy() {
        #expect(T([1, 2, 3, 4, 5, 6], shape: [2, 3]).description == "[[1., 2., 3.],\n [4., 5., 6.]], shape [2, 3]")
        #expect(T(arange: 0, 8).reshaped([2, 2, 2]).description ==
                "[[[0., 1.],\n  [2., 3.]],\n\n [[4., 5.],\n  [6., 7.]]], shape [2, 2, 2]")
        #expect(T([0.5, -1.25, 3]).description == "[  0.5, -1.25,    3.], shape [3]")
        #expect(T(2.5).description == "2.5")
        #expect(T.zeros([0]).description == "[], shape [0]")
        #expect(Tensor<Float>([1, 2]).debugDescription == "Tensor<Float>([1., 2.], shape [2])")
    }

    @Test func largeTensorsAreElided() {
        let long = T(arange: 0, 100)
        #expect(long.description == "[ 0.,  1.,  2., ..., 97., 98., 99.], shape [100]")
        let big = T(arange: 0, 10_000).reshaped([100, 100]) / 1000
        let text = big.description
        #expect(text.hasSuffix(", shape [100, 100]"))
        #expect(text.split(separator: "\n").count == 7, "3 rows, the ellipsis row, 3 rows:\n\(text)")
        #expect(text.contains("..."))
        #expect(text.count < 600)
        #expect(text.hasPrefix("[[   0., 0.001, 0.002, ..., 0.097, 0.098, 0.099],\n [  0.1, 0.101,"))
    }

    @Test func variablesDescribeTheirOrigin() {
        let w = V(T([1, 2]))
        #expect(w.description == "Variable(leaf, [1., 2.], shape [2], requiresGrad)")
        #expect((w * 2).description == "Variable(scale, [2., 4.], shape [2], requiresGrad)")
        #expect((w * w).description == "Variable(multiply, [1., 4.], shape [2], requiresGrad)")
        #expect(V(constant: T([1])).description == "Variable(leaf, [1.], shape [1])")
    }
}

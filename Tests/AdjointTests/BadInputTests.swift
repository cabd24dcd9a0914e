import Testing
@testable import Adjoint

// Misuse stops the program with a message naming the operation and the shapes involved.
// Each case runs in a child process (an exit test) and its standard error is checked.

@Suite struct BadInputTests {
    @Test func addWithShapesThatDoNotBroadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Double>.zeros([2, 3]) + Tensor<Double>.zeros([4])
        }
        expectStandardError(of: result, contains: ["add: shapes [2, 3] and [4] do not broadcast"])
    }

    @Test func addOfVariablesWithShapesThatDoNotBroadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Variable(Tensor<Double>.zeros([3, 2])) + Variable(Tensor<Double>.zeros([3]))
        }
        expectStandardError(of: result, contains: ["add: shapes [3, 2] and [3] do not broadcast"])
    }

    @Test func matmulInnerDimensionMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Double>.zeros([2, 3]).matmul(Tensor<Double>.zeros([4, 5]))
        }
        expectStandardError(of: result, contains: ["matmul: inner dimensions differ (3 vs 4) for [2, 3] and [4, 5]"])
    }

    @Test func matmulInnerDimensionMismatchWhenTransposed() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Double>.zeros([2, 3]).matmul(Tensor<Double>.zeros([2, 3]), transposeOther: true)
                .matmul(Tensor<Double>.zeros([3, 2]), transposeSelf: true)
        }
        expectStandardError(of: result, contains: ["matmul: inner dimensions differ (2 vs 3) for [2, 2]^T and [3, 2]"])
    }

    @Test func sumOverAnAxisOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Variable(Tensor<Double>.zeros([2, 3])).sum(alongAxes: [2])
        }
        expectStandardError(of: result, contains: ["sum: axis 2 is out of range for shape [2, 3]"])
    }

    @Test func reshapeThatDoesNotFit() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Double>.zeros([2, 3]).reshaped([4, -1])
        }
        expectStandardError(of: result, contains: ["reshape: cannot reshape [2, 3] (6 elements) into [4, -1]"])
    }

    @Test func subscriptOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Double>.zeros([2, 3])[1, 3]
        }
        expectStandardError(of: result, contains: ["subscript: index [1, 3] out of range for shape [2, 3]"])
    }

    @Test func gatherIndexOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Variable(Tensor<Double>.zeros([2, 3])).gathering([0, 3])
        }
        expectStandardError(of: result, contains: ["gather: index 3 is out of range 0..<3 for shape [2, 3]"])
    }

    @Test func seedOfTheWrongShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Variable(Tensor<Double>.zeros([2, 3]))
            (x * 2).backward(seed: .ones([3, 2]))
        }
        expectStandardError(of: result, contains: ["backward: seed shape [3, 2] differs from output shape [2, 3]"])
    }

    @Test func backwardOnANonScalarWithoutSeed() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            (Variable(Tensor<Double>.zeros([2, 3])) * 2).backward()
        }
        expectStandardError(of: result, contains: ["backward: output of shape [2, 3] is not a scalar; pass a seed"])
    }

    @Test func backwardOfSomethingThatRecordedNothing() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Variable(Tensor<Double>.ones([2]))
            withoutGradients { (x * 2).sum() }.backward()
        }
        expectStandardError(of: result, contains: ["backward: the output does not require gradients"])
    }

    @Test func concatenateOfMismatchedShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Double>.concatenate([.zeros([2, 3]), .zeros([3, 2])], alongAxis: 1)
        }
        expectStandardError(of: result, contains: ["concatenate: shapes [2, 3], [3, 2] differ off axis 1"])
    }
}

import Testing
@testable import Adjoint

// Misuse of the shape and masking ops stops with a message naming the op and the shapes.

@Suite struct OpsBadInputTests {
    @Test func squeezeOfAnAxisThatIsNotSize1() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Variable(Tensor<Double>.zeros([2, 1, 3])).squeeze(axis: 2)
        }
        expectStandardError(of: result, contains: ["squeeze: axis 2 of shape [2, 1, 3] has size 3, not 1"])
    }

    @Test func unsqueezeOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Variable(Tensor<Double>.zeros([2, 3])).unsqueeze(axis: 4)
        }
        expectStandardError(of: result, contains: ["unsqueeze: axis 4 is out of range for inserting into shape [2, 3]"])
    }

    @Test func stackOfDifferentShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Variable.stack([Variable(Tensor<Double>.zeros([2, 3])), Variable(Tensor<Double>.zeros([3, 2]))])
        }
        expectStandardError(of: result, contains: ["stack: shapes differ: [2, 3], [3, 2]"])
    }

    @Test func maskedFillWithAMaskThatDoesNotBroadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Variable(Tensor<Double>.zeros([2, 3])).maskedFill(Tensor<Double>.ones([2, 1, 3]), with: 0)
        }
        expectStandardError(of: result, contains: ["maskedFill: mask of shape [2, 1, 3] does not broadcast to [2, 3]"])
    }

    @Test func clampWithCrossedBounds() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Variable(Tensor<Double>.zeros([2])).clamp(min: 1, max: 0)
        }
        expectStandardError(of: result, contains: ["clamp: min 1.0 is above max 0.0"])
    }
}

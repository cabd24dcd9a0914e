import Testing
import AdjointReference

/// Bad geometry stops the reference convolution and pooling with a message naming the shapes.
@Suite struct ConvolutionExitTests {
    static func standardError(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func kernelLargerThanThePaddedInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Reference.conv2dForward(Tensor<Double>.zeros([1, 3, 3, 2]), .zeros([6, 6, 2, 4]), .zeros([4]), stride: 1, padding: 1)
        }
        #expect(Self.standardError(result).contains("conv2dForward: kernel 6x6 is larger than the input [1, 3, 3, 2] padded by 1 (5x5)"))
    }

    @Test func strideZero() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Reference.maxPoolForward(Tensor<Double>.zeros([1, 4, 4, 1]), pool: 2, stride: 0)
        }
        #expect(Self.standardError(result).contains("maxPoolForward: stride must be positive, got 0 (input [1, 4, 4, 1])"))
    }

    @Test func channelMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Reference.conv2dForward(Tensor<Double>.zeros([2, 5, 5, 3]), .zeros([3, 3, 4, 8]), .zeros([8]))
        }
        #expect(Self.standardError(result).contains("conv2dForward: input [2, 5, 5, 3] has 3 channels, weights [3, 3, 4, 8] expect 4"))
    }
}

import Testing
@testable import AdjointNN

// Shape mistakes in Conv1D and ConvTranspose2D stop the process with a message naming the
// layer and the shapes (as LayerAndLossExits does for the other layers).

@Suite struct ConvolutionLayerExits {
    static func standardError(_ result: ExitTest.Result?) -> String { LayerAndLossExits.standardError(result) }

    @Test func conv1dWithChannelsFirstInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = Conv1D<Double>(inChannels: 3, outChannels: 5, kernel: 2, rng: &rng)(Tensor<Double>.zeros([2, 3, 9]))
        }
        #expect(Self.standardError(result).contains("Conv1D: input of shape [2, 3, 9] is not (N, L, 3) for weight [2, 3, 5]"))
    }

    @Test func conv1dKernelLongerThanTheInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = Conv1D<Double>(inChannels: 1, outChannels: 1, kernel: 3, dilation: 2, rng: &rng)(Tensor<Double>.zeros([1, 4, 1]))
        }
        #expect(Self.standardError(result).contains(
            "Conv1D: input of shape [1, 4, 1] padded by 0 is shorter than the kernel's span 5 (weight [3, 1, 1], dilation 2)"))
    }

    @Test func convTranspose2dWithTheConvolutionsChannels() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = ConvTranspose2D<Double>(inChannels: 8, outChannels: 4, kernel: 4, stride: 2, padding: 1, rng: &rng)(Tensor<Double>.zeros([1, 7, 7, 4]))
        }
        #expect(Self.standardError(result).contains("ConvTranspose2D: input of shape [1, 7, 7, 4] is not (N, H, W, 8) for weight [4, 4, 4, 8]"))
    }

    @Test func convTranspose2dOutputPaddingNotBelowTheStride() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = ConvTranspose2D<Double>(inChannels: 1, outChannels: 1, kernel: 3, stride: 2, outputPadding: 2, rng: &rng)
        }
        #expect(Self.standardError(result).contains("ConvTranspose2D: output padding must be in 0..<stride, got 2x2 with stride 2x2"))
    }

    @Test func convTranspose2dPaddingThatCropsEverything() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let conv = ConvTranspose2D(weight: Tensor<Double>.zeros([2, 2, 1, 1]), bias: .zeros([1]), padding: (1, 1))
            _ = conv(Tensor<Double>.zeros([1, 1, 1, 1]))
        }
        #expect(Self.standardError(result).contains(
            "ConvTranspose2D: input of shape [1, 1, 1, 1] with weight [2, 2, 1, 1] and padding 1x1 gives an empty 0x0 output"))
    }
}

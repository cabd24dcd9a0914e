import Testing
import AdjointNN

// Batch norm of (N, H, W, C) maps and of other ranks normalises each channel over every other axis.

@Suite struct SpatialBatchNorm {
    /// Per channel over every axis but the last is BatchNorm over the (N*H*W, C) rows, for maps
    /// and for (N, T, C) sequences: outputs, gradients and running statistics agree with the 2-D ones.
    @Test(arguments: [[3, 4, 5, 6], [10, 6, 6]])
    func matchesBatchNormOnRows(shape: [Int]) {
        var rng = SeededGenerator(seed: 4)
        let x = Tensor<Double>.randn(shape, using: &rng) * 3 + 2
        let spatial = BatchNorm2D<Double>(channels: 6), rows = BatchNorm<Double>(6)
        let gamma = Tensor<Double>.randn([6], using: &rng), beta = Tensor<Double>.randn([6], using: &rng)
        (spatial.gamma.value, spatial.beta.value, rows.gamma.value, rows.beta.value) = (gamma, beta, gamma, beta)
        let upstream = Tensor<Double>.randn(shape, using: &rng)
        for training in [true, false] {
            if !training { spatial.eval(); rows.eval() }
            let a = Variable(x), b = Variable(x.reshaped([60, 6]))
            let ya = spatial(a), yb = rows(b)
            #expect(ya.shape == shape)
            #expect((ya.value.reshaped([60, 6]) - yb.value).abs().max().scalar < 1e-12)
            (ya * Variable(constant: upstream)).sum().backward()
            (yb * Variable(constant: upstream.reshaped([60, 6]))).sum().backward()
            #expect((a.grad!.reshaped([60, 6]) - b.grad!).abs().max().scalar < 1e-12)
            #expect((spatial.gamma.grad! - rows.gamma.grad!).abs().max().scalar < 1e-12)
            for p in [spatial.gamma, spatial.beta, rows.gamma, rows.beta] { p.zeroGrad() }
        }
        #expect(spatial.runningMean.value == rows.runningMean.value && spatial.runningVariance.value == rows.runningVariance.value)
        #expect(spatial.runningMean.value.abs().max().scalar > 0.1)
        #expect(spatial.namedBuffers.map(\.path) == ["runningMean", "runningVariance"])
    }

    @Test func cnnWithBatchNormTrainsAndSavesItsStatistics() {
        let cnn = SmallConvolutionalNetwork<Float>(height: 8, width: 8, channels: 1, classes: 3, filters: (2, 3),
                                                  hiddenSize: 5, batchNorm: true, seed: 1)
        let plain = SmallConvolutionalNetwork<Float>(height: 8, width: 8, channels: 1, classes: 3, filters: (2, 3),
                                                    hiddenSize: 5, seed: 1)
        #expect(cnn.conv1.weight.value == plain.conv1.weight.value && cnn.fc2.weight.value == plain.fc2.weight.value)
        #expect(cnn.state.keys.contains("bn2.runningVariance") && !plain.state.keys.contains { $0.hasPrefix("bn") })
        var rng = SeededGenerator(seed: 2)
        let x = Variable(constant: Tensor<Float>.randn([4, 8, 8, 1], using: &rng))
        #expect(cnn(x).value != plain(x).value)
    }
}

import Testing
@testable import AdjointNN

// Normal, Kaiming and Xavier draws have the spread their rules give; a seed reproduces a model.

@Suite struct Initialisations {
    static func sampleStd(_ t: Tensor<Double>) -> Double { t.variance().sqrt().scalar }

    @Test func normal() {
        var rng = SeededGenerator(seed: 1)
        let w: Tensor<Double> = Initialization.normal(std: 0.05).weights(fanIn: 300, fanOut: 200, using: &rng)
        print("normal(0.05) sample std \(Self.sampleStd(w)), mean \(w.mean().scalar)")
        #expect(w.shape == [300, 200])
        #expect(abs(Self.sampleStd(w) / 0.05 - 1) < 0.01)
        #expect(abs(w.mean().scalar) < 0.05 * 0.01)
    }

    @Test func kaiming() {
        var rng = SeededGenerator(seed: 2)
        let w: Tensor<Double> = Initialization.kaiming.weights(fanIn: 300, fanOut: 200, using: &rng)
        let expected = (2.0 / 300).squareRoot()
        print("kaiming sample std \(Self.sampleStd(w)), expected \(expected)")
        #expect(abs(Self.sampleStd(w) / expected - 1) < 0.01)
    }

    @Test func xavier() {
        var rng = SeededGenerator(seed: 3)
        let w: Tensor<Double> = Initialization.xavier.weights(fanIn: 300, fanOut: 200, using: &rng)
        let bound = (6.0 / 500).squareRoot()
        let (low, high) = (w.min().scalar, w.max().scalar)
        print("xavier range [\(low), \(high)], bound \(bound), std \(Self.sampleStd(w))")
        #expect(low >= -bound && high < bound)
        #expect(low < -0.99 * bound && high > 0.99 * bound)
        #expect(abs(Self.sampleStd(w) / (bound / 3.0.squareRoot()) - 1) < 0.01)
    }

    @Test func pytorchDefaultDrawsWeightAndBiasFromTheFanIn() {
        var rng = SeededGenerator(seed: 5)
        let fc = Linear<Double>(400, 300, initialization: .pytorch, rng: &rng)
        let conv = Conv2D<Double>(inChannels: 16, outChannels: 400, kernel: 5, initialization: .pytorch, rng: &rng)
        let conv1d = Conv1D<Double>(inChannels: 80, outChannels: 300, kernel: 5, initialization: .pytorch, rng: &rng)
        // PyTorch counts a transposed convolution's fan-in over its output channels.
        let transposed = ConvTranspose2D<Double>(inChannels: 7, outChannels: 16, kernel: 5, initialization: .pytorch, rng: &rng)
        for (weight, bias, fanIn) in [(fc.weight.value, fc.bias.value, 400.0), (conv.weight.value, conv.bias.value, 400),
                                      (conv1d.weight.value, conv1d.bias.value, 400), (transposed.weight.value, transposed.bias.value, 400)] {
            let bound = 1 / fanIn.squareRoot()
            #expect(weight.min().scalar >= -bound && weight.max().scalar < bound && weight.max().scalar > 0.99 * bound)
            #expect(abs(Self.sampleStd(weight) / (bound / 3.0.squareRoot()) - 1) < 0.02)
            #expect(bias.min().scalar >= -bound && bias.max().scalar < bound && Set(bias.scalars).count == bias.count)
        }
    }

    @Test func linearUsesItsInitialisationAndZeroBias() {
        var rng = SeededGenerator(seed: 4)
        let fc = Linear<Double>(400, 100, initialization: .kaiming, rng: &rng)
        #expect(abs(Self.sampleStd(fc.weight.value) / (2.0 / 400).squareRoot() - 1) < 0.02)
        #expect(fc.bias.value == .zeros([100]))
    }

    @Test func theSeedReproducesAModel() {
        #expect(flatParameters(TinyNet<Double>(inputSize: 5, hiddenSize: 4, classes: 3, seed: 9))
                == flatParameters(TinyNet<Double>(inputSize: 5, hiddenSize: 4, classes: 3, seed: 9)))
        #expect(flatParameters(TinyNet<Double>(inputSize: 5, hiddenSize: 4, classes: 3, seed: 9))
                != flatParameters(TinyNet<Double>(inputSize: 5, hiddenSize: 4, classes: 3, seed: 10)))
    }
}

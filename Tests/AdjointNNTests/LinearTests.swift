import Testing
@testable import AdjointNN

// Linear over the last axis of a sequence, and the flattening of a convolution's output.

@Suite struct LinearLayer {
    @Test func appliesToTheLastAxisOfASequence() {
        let fc = Linear(weight: linspace(-1, 1, [4, 5]), bias: linspace(0, 0.4, [5]))
        let x = linspace(-2, 3, [2, 3, 4])
        let y = fc(x)
        #expect(y.shape == [2, 3, 5])
        for n in 0..<2 {
            for t in 0..<3 {
                for o in 0..<5 {
                    var sum = fc.bias.value[o]
                    for i in 0..<4 { sum += x[n, t, i] * fc.weight.value[i, o] }
                    #expect(abs(y.value[n, t, o] - sum) < 1e-12)
                }
            }
        }
    }

    @Test func flattensAnInputWhoseFeaturesMakeTheInputSize() {
        let fc = Linear(weight: linspace(-1, 1, [4, 3]), bias: .zeros([3]))
        let image = linspace(-2, 3, [2, 2, 2, 1])
        #expect(fc(image).value == fc(image.reshaped([2, 4])).value)
        let column = linspace(-2, 3, [2, 1, 1, 4])   // a 1 x 1 map of 4 channels: flattened, as before
        #expect(fc(column).shape == [2, 3])
    }
}

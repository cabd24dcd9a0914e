import Testing
@testable import AdjointNN

// Dropout's statistics, its exact masks under both conventions, and its evaluation mode.

@Suite struct DropoutBehaviour {
    static let x: Tensor<Double> = {
        var rng = SeededGenerator(seed: 1)
        return Tensor<Double>.randn([500, 500], using: &rng) + 10
    }()

    static func zeroFraction(_ t: Tensor<Double>) -> Double {
        Double(t.scalars.filter { $0 == 0 }.count) / Double(t.count)
    }

    /// (convention, parameter, expected fraction of zeros)
    @Test(arguments: [("drop", 0.25, 0.25), ("drop", 0.4, 0.4), ("drop", 0.7, 0.7),
                      ("keep", 0.25, 0.75), ("keep", 0.4, 0.6), ("keep", 0.7, 0.3)])
    func trainingKeepsTheMeanAndZeroesTheFraction(convention: String, parameter: Double, expectedZeros: Double) {
        let layer = convention == "drop" ? Dropout<Double>(probability: parameter, seed: 2)
                                         : Dropout<Double>(keepProbability: parameter, seed: 2)
        let out = layer(Self.x).value
        let inputMean = Self.x.mean().scalar, outputMean = out.mean().scalar
        let meanChange = abs(outputMean - inputMean) / inputMean
        let zeros = Self.zeroFraction(out)
        print("Dropout \(convention) \(parameter): mean \(inputMean) -> \(outputMean) (relative change \(meanChange)), zeros \(zeros)")
        #expect(meanChange < 0.01)
        #expect(abs(zeros - expectedZeros) < 0.01)
    }

    @Test(arguments: [(0.4, "drop"), (0.4, "keep")])
    func evaluationIsTheIdentity(parameter: Double, convention: String) {
        let layer = convention == "drop" ? Dropout<Double>(probability: parameter, seed: 3)
                                         : Dropout<Double>(keepProbability: parameter, seed: 3)
        layer.eval()
        #expect(layer(Self.x).value == Self.x)
    }

    @Test(arguments: [0.0, 1.0])
    func keepProbabilityZeroOrOneMeansNoDropout(keep: Double) {
        #expect(Dropout<Double>(keepProbability: keep, seed: 4)(Self.x).value == Self.x)
    }

    /// The SPEC's masks: drop `(u >= p) / (1 - p)`, keep `(u < q) / q`, with `u` the layer
    /// generator's uniforms in row-major order. The same seed and the same nominal keep rate
    /// give different masks under the two conventions.
    @Test func masksFollowTheirConventionsExactly() {
        let shape = [40, 50]
        let ones = Tensor<Double>.ones(shape)
        func uniforms(seed: UInt64) -> [Double] {
            var rng = SeededGenerator(seed: seed)
            return (0..<2000).map { _ in rng.nextUniform() }
        }
        let p = 0.3, q = 0.7
        let dropped = Dropout<Double>(probability: p, seed: 5)(ones).value.scalars
        let kept = Dropout<Double>(keepProbability: q, seed: 5)(ones).value.scalars
        let u = uniforms(seed: 5)
        let dropMismatches = zip(dropped, u).filter { $0 != ($1 >= p ? 1 / (1 - p) : 0) }.count
        let keepMismatches = zip(kept, u).filter { $0 != ($1 < q ? 1 / q : 0) }.count
        print("dropout mask mismatches: drop convention \(dropMismatches), keep convention \(keepMismatches) of 2000")
        #expect(dropMismatches == 0)
        #expect(keepMismatches == 0)
    }

    @Test func aSeedReproducesTheMaskAndTheStreamMovesOn() {
        let a = Dropout<Double>(probability: 0.5, seed: 6), b = Dropout<Double>(probability: 0.5, seed: 6)
        let first = a(Self.x[0..<4]).value
        #expect(first == b(Self.x[0..<4]).value)
        #expect(first != a(Self.x[0..<4]).value)
    }

    // Out-of-range probabilities stop the program: BadInputExits checks their messages.

    @Test func theGeneratorIsTheLayersRandomSource() {
        let layer = Dropout<Double>(probability: 0.5, seed: 8)
        #expect(layer.namedRandomSources.map(\.path) == ["random"])
        #expect(layer.namedRandomSources.first?.source === layer.random)
        // Restarting the generator redraws the same mask.
        let start = layer.random.generator
        let first = layer(Self.x[0..<4]).value
        layer.random.generator = start
        #expect(layer(Self.x[0..<4]).value == first)
    }
}

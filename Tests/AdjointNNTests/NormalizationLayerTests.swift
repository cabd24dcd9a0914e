import Testing
import Foundation
@testable import AdjointNN

// LayerNorm and GroupNorm: the forward pass against loops over the definition (biased
// variance, epsilon inside the square root), the tape gradients of the input and both
// parameters against centred differences, and the parameters' names.

@Suite struct NormalizationLayers {
    /// `(v - mean) / sqrt(var + eps)` of one group of values.
    static func normalized(_ v: [Double], epsilon: Double) -> [Double] {
        let mean = v.reduce(0, +) / Double(v.count)
        let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)
        return v.map { ($0 - mean) / (variance + epsilon).squareRoot() }
    }

    static func randomized<M: Module<Double>>(_ module: M, seed: UInt64) throws -> M {
        var rng = SeededGenerator(seed: seed)
        let shapes = module.namedParameters.map { ($0.path, $0.variable.shape) }
        try module.load(Dictionary(uniqueKeysWithValues: shapes.map { ($0.0, Tensor<Double>.randn($0.1, using: &rng)) }),
                        strict: false)
        return module
    }

    @Test func layerNormMatchesTheDefinition() throws {
        let norm = try Self.randomized(LayerNorm<Double>(6), seed: 1)
        var rng = SeededGenerator(seed: 2)
        let x = Tensor<Double>.randn([2, 3, 6], mean: 3, std: 2, using: &rng)
        let y = norm(x).value
        #expect(y.shape == [2, 3, 6])
        let (gamma, beta) = (norm.gamma.value.scalars, norm.beta.value.scalars)
        for row in 0..<6 {
            let values = Array(x.scalars[(row * 6)..<(row * 6 + 6)])
            let expected = Self.normalized(values, epsilon: 1e-5).enumerated().map { $0.element * gamma[$0.offset] + beta[$0.offset] }
            #expect(zip(y.scalars[(row * 6)..<(row * 6 + 6)], expected).allSatisfy { abs($0 - $1) < 1e-13 })
        }
    }

    @Test func layerNormOverTrailingShape() throws {
        let norm = try Self.randomized(LayerNorm<Double>(normalizedShape: [2, 3, 4]), seed: 3)
        var rng = SeededGenerator(seed: 4)
        let x = Tensor<Double>.randn([2, 2, 3, 4], using: &rng)
        let y = norm(x).value
        let (gamma, beta) = (norm.gamma.value.scalars, norm.beta.value.scalars)
        for sample in 0..<2 {
            let values = Array(x.scalars[(sample * 24)..<(sample * 24 + 24)])
            let expected = Self.normalized(values, epsilon: 1e-5).enumerated().map { $0.element * gamma[$0.offset] + beta[$0.offset] }
            #expect(zip(y.scalars[(sample * 24)..<(sample * 24 + 24)], expected).allSatisfy { abs($0 - $1) < 1e-13 })
        }
    }

    @Test func layerNormGradients() throws {
        let norm = try Self.randomized(LayerNorm<Double>(5), seed: 5)
        var rng = SeededGenerator(seed: 6)
        let x = Variable(Tensor<Double>.randn([3, 4, 5], mean: 1, std: 2, using: &rng))
        let comparison = compareGradients(of: { norm(x) }, wrt: [("x", x)] + norm.namedParameters, seed: 7)
        #expect(comparison.tape.count == 3)
        #expect(comparison.report("LayerNorm") < 1e-7)
    }

    @Test func layerNormIsTheSameInEvaluation() throws {
        let norm = try Self.randomized(LayerNorm<Double>(4), seed: 8)
        var rng = SeededGenerator(seed: 9)
        let x = Tensor<Double>.randn([3, 4], using: &rng)
        let training = norm(x).value
        norm.eval()
        #expect(norm(x).value == training)
    }

    @Test func groupNormMatchesTheDefinition() throws {
        let (groups, channels) = (3, 6)
        let norm = try Self.randomized(GroupNorm<Double>(groups: groups, channels: channels), seed: 10)
        var rng = SeededGenerator(seed: 11)
        let x = Tensor<Double>.randn([2, 3, 2, channels], mean: -1, std: 3, using: &rng)
        let y = norm(x).value
        #expect(y.shape == x.shape)
        let (gamma, beta) = (norm.gamma.value.scalars, norm.beta.value.scalars)
        let perGroup = channels / groups
        for n in 0..<2 {
            for group in 0..<groups {
                // Every position's channels of this group, in one list, and where each came from.
                var values = [Double](), places = [(index: Int, channel: Int)]()
                for position in 0..<6 {
                    for c in (group * perGroup)..<((group + 1) * perGroup) {
                        let index = (n * 6 + position) * channels + c
                        values.append(x.scalars[index])
                        places.append((index, c))
                    }
                }
                for (z, place) in zip(Self.normalized(values, epsilon: 1e-5), places) {
                    #expect(abs(y.scalars[place.index] - (z * gamma[place.channel] + beta[place.channel])) < 1e-13)
                }
            }
        }
    }

    @Test(arguments: [1, 2, 4])
    func groupNormGradients(groups: Int) throws {
        let norm = try Self.randomized(GroupNorm<Double>(groups: groups, channels: 4), seed: 12)
        var rng = SeededGenerator(seed: 13)
        let x = Variable(Tensor<Double>.randn([2, 3, 3, 4], mean: 2, std: 1.5, using: &rng))
        let comparison = compareGradients(of: { norm(x) }, wrt: [("x", x)] + norm.namedParameters, seed: 14)
        #expect(comparison.report("GroupNorm groups \(groups)") < 1e-7)
    }

    /// One group over `(N, C)` is layer norm over the channels.
    @Test func oneGroupIsLayerNorm() {
        var rng = SeededGenerator(seed: 15)
        let x = Tensor<Double>.randn([4, 8], using: &rng)
        let group = GroupNorm<Double>(groups: 1, channels: 8)(x).value
        let layer = LayerNorm<Double>(8)(x).value
        #expect(zip(group.scalars, layer.scalars).allSatisfy { abs($0 - $1) < 1e-14 })
    }

    @Test func parameterNamesFollowTheStructure() {
        var rng = SeededGenerator(seed: 16)
        let net = Sequential<Double>([Linear(4, 8, rng: &rng), LayerNorm(8), GroupNorm(groups: 2, channels: 8)])
        #expect(net.namedParameters.map(\.path)
                == ["layers.0.weight", "layers.0.bias", "layers.1.gamma", "layers.1.beta", "layers.2.gamma", "layers.2.beta"])
        #expect(net.namedBuffers.isEmpty)
    }
}

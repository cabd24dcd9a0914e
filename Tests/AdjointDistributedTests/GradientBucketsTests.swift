import AdjointDistributed
import Testing

// Packing gradients into a few buffers and back, and what keeps processes apart or together:
// the checksum and the per-rank dropout streams.

@Suite struct GradientBucketsTests {
    static func parameters(_ sizes: [Int]) -> [Variable<Double>] {
        sizes.enumerated().map { i, size in
            let p = Variable(Tensor<Double>(repeating: 0, shape: [size]))
            p.grad = Tensor((0..<size).map { Double(100 * i + $0) })
            return p
        }
    }

    @Test func consecutiveParametersShareABucketUpToItsCapacity() {
        let buckets = GradientBuckets(Self.parameters([3, 4, 10, 2, 2]), capacity: 8)
        #expect(buckets.members == [0..<2, 2..<3, 3..<5])
        #expect(buckets.scalarCount == 21)
    }

    @Test func unpackingWritesBackTheScaledGradients() {
        let parameters = Self.parameters([3, 4, 10])
        let expected = parameters.map { $0.grad! * 0.5 }
        var buckets = GradientBuckets(parameters, capacity: 8)
        buckets.pack(parameters)
        for p in parameters { p.grad = nil }
        // A stand-in for the sum across two processes that hold the same gradients.
        for b in buckets.indices { buckets.withBucket(b) { buffer in for i in buffer.indices { buffer[i] *= 2 } } }
        buckets.unpack(into: parameters, scale: 0.25)
        #expect(parameters.map { $0.grad! } == expected)
    }

    @Test func aParameterWithoutAGradientContributesZeros() {
        let parameters = Self.parameters([2, 2])
        parameters[0].grad = nil
        var buckets = GradientBuckets(parameters, capacity: 100)
        buckets.pack(parameters)
        buckets.unpack(into: parameters, scale: 1)
        #expect(parameters[0].grad == Tensor([0, 0]))
        #expect(parameters[1].grad == Tensor([100, 101]))
    }

    @Test func theChecksumSeesOneUlpAndTheOrder() {
        func checksum(_ tensors: [Tensor<Float>]) -> UInt64 {
            var fingerprint = Fingerprint()
            fingerprint.add(tensors)
            return fingerprint.value
        }
        let a = Tensor<Float>([1, 2, 3]), b = Tensor<Float>([4, 5])
        #expect(checksum([a, b]) == checksum([Tensor([1, 2, 3]), Tensor([4, 5])]))
        #expect(checksum([a, b]) != checksum([b, a]))
        #expect(checksum([a, b]) != checksum([Tensor([1, 2, Float(3).nextUp]), b]))
        #expect(checksum([a]) != checksum([a.reshaped([3, 1])]))
    }

    @Test func eachRankDrawsItsOwnDropoutMasks() {
        func states(rank: Int) -> [[UInt64]] {
            let net = FullyConnectedNet<Float>(hiddenSizes: [4, 4], inputSize: 3, classes: 2, dropout: 0.5, seed: 7)
            net.seedRandomSources(runSeed: 7, rank: rank)
            return net.namedRandomSources.map(\.source.generator.state)
        }
        let plain = FullyConnectedNet<Float>(hiddenSizes: [4, 4], inputSize: 3, classes: 2, dropout: 0.5, seed: 7)
        #expect(states(rank: 0) == plain.namedRandomSources.map(\.source.generator.state))
        #expect(Set(states(rank: 0) + states(rank: 1) + states(rank: 2)).count == 6)
        #expect(states(rank: 1) == states(rank: 1))
    }
}

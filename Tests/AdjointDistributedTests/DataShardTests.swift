import AdjointDistributed
import Testing

// Sharding every global batch: the shards of a batch are the batch, in order, and a last
// partial batch is cut to a multiple of the process count the same way on every process.

@Suite struct DataShardTests {
    /// `count` one-pixel images whose value is their index.
    static func numbered(_ count: Int) -> Dataset {
        Dataset(images: Tensor((0..<count).map(Float.init), shape: [count, 1]), labels: (0..<count).map { $0 % 2 },
                classNames: ["even", "odd"])
    }

    @Test func rowsCutABatchIntoEqualContiguousParts() {
        #expect(DataShard(rank: 0, count: 2).rows(ofBatch: 100) == 0..<50)
        #expect(DataShard(rank: 1, count: 2).rows(ofBatch: 100) == 50..<100)
        #expect(DataShard(rank: 2, count: 3).rows(ofBatch: 67) == 44..<66)
        #expect(DataShard(rank: 0, count: 3).usableRows(ofBatch: 2) == 0)
    }

    @Test func theShardsOfEveryBatchAreTheGlobalBatch() {
        let data = Self.numbered(1000)
        let global = DataLoader(data, batchSize: 100, seed: 9)
        let shards = (0..<4).map { DataLoader(data, batchSize: 100, seed: 9, shard: DataShard(rank: $0, count: 4)) }
        for epoch in 0..<2 {
            let parts = shards.map { Array($0.epoch(epoch)) }
            for (b, batch) in global.epoch(epoch).enumerated() {
                #expect(parts.flatMap { $0[b].indices } == batch.indices)
                #expect(parts.allSatisfy { $0[b].count == 25 })
            }
        }
    }

    @Test func aLastPartialBatchIsCutToAMultipleOfTheProcesses() {
        let data = Self.numbered(1033)
        let shards = (0..<2).map { DataLoader(data, batchSize: 100, seed: 1, shard: DataShard(rank: $0, count: 2)) }
        #expect(shards[0].batchCount == 11)
        let last = shards.map { Array($0.epoch(0)).last! }
        #expect(last.map(\.count) == [16, 16])
        #expect(last[0].indices + last[1].indices == Array(shards[0].order(epoch: 0)[1000..<1032]))
        // One example left over cannot be split: that batch is left out.
        #expect(DataLoader.batchCount(samples: 1001, batchSize: 100, shard: DataShard(rank: 0, count: 2)) == 10)
        #expect(DataLoader.batchCount(samples: 1001, batchSize: 100) == 11)
    }

    @Test func aTrainerIteratesOverGlobalBatches() {
        let net = Linear<Float>(1, 2)
        let trainer = Trainer(model: net, optimizer: SGD(net.parameters, learningRate: 0.1),
                              configuration: .init(batchSize: 100, shard: DataShard(rank: 1, count: 2)))
        #expect(trainer.iterationsPerEpoch(1033) == 11)
        #expect(trainer.iterationsPerEpoch(1001) == 10)
    }

    @Test func aBatchThatCannotBeSplitIsRefused() {
        #expect(throws: DistributedError.cannotSplit("the batch size 25 does not split evenly across 2 processes; pass a multiple of 2")) {
            try DataShard.checkSplit(batchSize: 25, trainingSamples: 1000, processes: 2)
        }
        #expect(throws: DistributedError.cannotSplit("1 training samples cannot be split across 2 processes")) {
            try DataShard.checkSplit(batchSize: 100, trainingSamples: 1, processes: 2)
        }
        #expect(throws: Never.self) { try DataShard.checkSplit(batchSize: 100, trainingSamples: 9167, processes: 4) }
    }
}

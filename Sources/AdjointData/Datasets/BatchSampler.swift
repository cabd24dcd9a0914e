/// Which samples each batch of an epoch takes, for `DataLoader` and `TensorDataLoader` alike:
/// the epoch's order (a permutation drawn from the seed and the epoch, or the samples in
/// sequence) cut into batches of `batchSize`, and with a shard this process's rows of each.
struct BatchSampler: Sendable {
    let count: Int
    let batchSize: Int
    let shuffle: Bool
    let seed: UInt64
    let dropLast: Bool
    let shard: DataShard?

    /// Stops with a message naming `loader` when the batch size is not positive or does not
    /// split across the shard's processes.
    init(count: Int, batchSize: Int, shuffle: Bool, seed: UInt64, dropLast: Bool, shard: DataShard?, loader: String) {
        check(batchSize > 0, "\(loader): batch size \(batchSize) must be positive")
        if let shard {
            check(batchSize % shard.count == 0, "\(loader): batch size \(batchSize) does not split evenly across \(shard.count) processes")
        }
        (self.count, self.batchSize, self.shuffle, self.seed, self.dropLast, self.shard) = (count, batchSize, shuffle, seed, dropLast, shard)
    }

    var batchCount: Int { DataLoader.batchCount(samples: count, batchSize: batchSize, dropLast: dropLast, shard: shard) }

    func order(epoch: Int) -> [Int] {
        guard shuffle else { return Array(0..<count) }
        // Distinct epochs get unrelated streams: SeededGenerator scrambles its seed with SplitMix64.
        var rng = SeededGenerator(seed: seed &+ UInt64(truncatingIfNeeded: epoch) &* 0x9E37_79B9_7F4A_7C15)
        return rng.permutation(count)
    }

    /// The samples of batch `position` (0-based, below `batchCount`) of an epoch visiting `order`.
    func indices(ofBatch position: Int, in order: [Int]) -> [Int] {
        let start = position * batchSize
        let global = order[start..<Swift.min(start + batchSize, order.count)]
        guard let shard else { return Array(global) }
        let rows = shard.rows(ofBatch: global.count)
        return Array(global.dropFirst(rows.lowerBound).prefix(rows.count))
    }
}

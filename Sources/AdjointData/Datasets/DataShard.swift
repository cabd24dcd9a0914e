/// One process's part of every batch in data-parallel training: process `rank` of `count`.
///
/// Every process walks the same global order (the loader's seed is shared) and takes its own
/// contiguous rows of each global batch: rows `rank * B / count ..< (rank + 1) * B / count`
/// of a batch of `B`. The shards of a batch are equal, so the mean of the processes'
/// mean-loss gradients is the whole batch's gradient. A last, partial batch is cut to a
/// multiple of `count` (at most `count - 1` examples of the epoch are left out, different ones
/// each epoch since the order is reshuffled) and left out entirely if that leaves nothing.
///
/// ```swift
/// let shard = DataShard(rank: 1, count: 2)
/// let loader = DataLoader(train, batchSize: 100, seed: 7, shard: shard)   // batches of 50: rows 50..<100 of each
/// ```
public struct DataShard: Sendable, Equatable {
    /// This process's index, from 0.
    ///
    /// ```swift
    /// DataShard(rank: 1, count: 4).rank   // 1
    /// ```
    public let rank: Int
    /// The number of processes.
    public let count: Int

    /// Process `rank` of `count`.
    ///
    /// ```swift
    /// let whole = DataShard(rank: 0, count: 1)   // a single process: every row
    /// ```
    public init(rank: Int, count: Int) {
        check(count > 0 && rank >= 0 && rank < count, "DataShard: rank \(rank) is not one of \(count) processes")
        self.rank = rank
        self.count = count
    }

    /// The rows of a global batch of `size` rows that every process uses (a multiple of `count`).
    ///
    /// ```swift
    /// DataShard(rank: 0, count: 2).usableRows(ofBatch: 67)   // 66
    /// ```
    public func usableRows(ofBatch size: Int) -> Int { size - size % count }

    /// This process's rows of a global batch of `size` rows, as offsets into the batch.
    ///
    /// ```swift
    /// DataShard(rank: 1, count: 2).rows(ofBatch: 100)   // 50..<100
    /// ```
    public func rows(ofBatch size: Int) -> Range<Int> {
        let per = usableRows(ofBatch: size) / count
        return rank * per ..< (rank + 1) * per
    }
}

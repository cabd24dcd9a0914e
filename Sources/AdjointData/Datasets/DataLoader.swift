/// One minibatch: the images and labels of some examples of a data set.
///
/// ```swift
/// for batch in loader.epoch(0) {
///     let logits = model(batch.images)   // (batch.count, ...)
/// }
/// ```
public struct Batch: Sendable {
    /// The batch's images, `(B, ...)` with the data set's row shape.
    public let images: Tensor<Float>
    /// The batch's labels.
    public let labels: [Int]
    /// The examples' indices in the data set.
    public let indices: [Int]
    /// The number of examples.
    public var count: Int { labels.count }
}

extension Dataset {
    /// The examples at `indices` as a batch, copying only those rows.
    ///
    /// ```swift
    /// let first = train.batch([0, 1, 2, 3])
    /// ```
    public func batch(_ indices: [Int]) -> Batch {
        Batch(images: images.gatheringRows(indices), labels: indices.map { labels[$0] }, indices: indices)
    }

    /// `size` examples drawn uniformly with replacement.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let batch = train.randomBatch(size: 200, using: &rng)
    /// ```
    public func randomBatch(size: Int, using rng: inout SeededGenerator) -> Batch {
        check(count > 0 || size == 0, "randomBatch: the data set is empty")
        return batch((0..<size).map { _ in rng.nextInt(below: count) })
    }
}

/// Minibatches of a data set, epoch after epoch, like PyTorch's `DataLoader`.
///
/// Each epoch visits every example once, in a fresh order when `shuffle` is on. The order
/// of epoch `e` depends only on `seed` and `e`, so training can resume at any epoch and get
/// the batches it would have had. Only the current batch's rows are copied.
///
/// ```swift
/// let loader = DataLoader(splits.train, batchSize: 64, shuffle: true, seed: 42)
/// for epoch in 0..<10 {
///     for batch in loader.epoch(epoch) { print(batch.labels.count) }
/// }
/// ```
public struct DataLoader: Sendable {
    /// The examples to batch.
    public let dataset: Dataset
    /// Examples per batch (the last batch may be smaller unless `dropLast`).
    public var batchSize: Int { sampler.batchSize }
    /// Whether each epoch visits the examples in a fresh random order.
    ///
    /// ```swift
    /// let evaluation = DataLoader(test, batchSize: 500, shuffle: false)   // the same order every epoch
    /// ```
    public var shuffle: Bool { sampler.shuffle }
    /// The seed the epochs' orders derive from.
    ///
    /// ```swift
    /// let again = DataLoader(train, batchSize: 64, seed: loader.seed)   // the same orders, epoch by epoch
    /// ```
    public var seed: UInt64 { sampler.seed }
    /// Whether a last, smaller batch is left out.
    ///
    /// ```swift
    /// let even = DataLoader(train, batchSize: 64, dropLast: true)   // every batch has 64 examples
    /// ```
    public var dropLast: Bool { sampler.dropLast }
    /// This process's part of every batch in data-parallel training; nil takes whole batches.
    ///
    /// ```swift
    /// let half = DataLoader(train, batchSize: 100, shard: DataShard(rank: 0, count: 2))   // batches of 50
    /// ```
    public var shard: DataShard? { sampler.shard }
    /// The order and the batches of every epoch.
    private let sampler: BatchSampler

    /// Batches of `batchSize` examples of `dataset`, reshuffled every epoch when `shuffle`;
    /// with a `shard`, this process's rows of each (global) batch of `batchSize`, which the
    /// shard's count must divide.
    ///
    /// ```swift
    /// let evaluation = DataLoader(splits.validation, batchSize: 500, shuffle: false)
    /// ```
    public init(_ dataset: Dataset, batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0, dropLast: Bool = false,
                shard: DataShard? = nil) {
        sampler = BatchSampler(count: dataset.count, batchSize: batchSize, shuffle: shuffle, seed: seed, dropLast: dropLast,
                               shard: shard, loader: "DataLoader")
        self.dataset = dataset
    }

    /// Batches per epoch (the same on every process of a shard).
    ///
    /// ```swift
    /// DataLoader(train, batchSize: 64).batchCount   // 157 for 10000 examples
    /// ```
    public var batchCount: Int { sampler.batchCount }

    /// Batches per epoch over `samples` examples: whole batches, and a last partial one unless
    /// `dropLast` or the shard's processes cannot all have a row of it.
    ///
    /// ```swift
    /// DataLoader.batchCount(samples: 201, batchSize: 100, shard: DataShard(rank: 0, count: 2))   // 2
    /// ```
    public static func batchCount(samples: Int, batchSize: Int, dropLast: Bool = false, shard: DataShard? = nil) -> Int {
        let full = samples / batchSize, rest = samples % batchSize
        if dropLast { return full }
        return full + ((shard?.usableRows(ofBatch: rest) ?? rest) > 0 ? 1 : 0)
    }

    /// The order in which epoch `epoch` visits the examples.
    ///
    /// ```swift
    /// loader.order(epoch: 3) == loader.order(epoch: 3)   // true: reproducible
    /// ```
    public func order(epoch: Int) -> [Int] {
        sampler.order(epoch: epoch)
    }

    /// The batches of epoch `epoch`.
    ///
    /// ```swift
    /// for batch in loader.epoch(0) { print(batch.images.shape) }
    /// ```
    public func epoch(_ epoch: Int) -> Epoch {
        Epoch(dataset: dataset, order: order(epoch: epoch), sampler: sampler)
    }

    /// The batches of one epoch, gathered lazily as iteration reaches them.
    ///
    /// ```swift
    /// var batches = loader.epoch(0)
    /// let first = batches.next()
    /// ```
    public struct Epoch: Sequence, IteratorProtocol, Sendable {
        let dataset: Dataset
        let order: [Int]
        let sampler: BatchSampler
        var position = 0

        /// The batches not yet returned.
        ///
        /// ```swift
        /// loader.epoch(0).underestimatedCount == loader.batchCount   // true
        /// ```
        public var underestimatedCount: Int { sampler.batchCount - position }

        /// The next batch, or nil after the last.
        ///
        /// ```swift
        /// var batches = loader.epoch(0)
        /// while let batch = batches.next() { print(batch.count) }
        /// ```
        public mutating func next() -> Batch? {
            guard position < sampler.batchCount else { return nil }
            position += 1
            return dataset.batch(sampler.indices(ofBatch: position - 1, in: order))
        }
    }
}

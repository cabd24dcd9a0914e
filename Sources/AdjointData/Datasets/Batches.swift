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

    /// `size` examples drawn uniformly with replacement, as the CS231n solvers sample.
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
///     for batch in loader.epoch(epoch) { ... }
/// }
/// ```
public struct DataLoader: Sendable {
    /// The examples to batch.
    public let dataset: Dataset
    /// Examples per batch (the last batch may be smaller unless `dropLast`).
    public let batchSize: Int
    /// Whether each epoch visits the examples in a fresh random order.
    public let shuffle: Bool
    /// The seed the epochs' orders derive from.
    public let seed: UInt64
    /// Whether a last, smaller batch is left out.
    public let dropLast: Bool

    /// Batches of `batchSize` examples of `dataset`, reshuffled every epoch when `shuffle`.
    ///
    /// ```swift
    /// let evaluation = DataLoader(splits.validation, batchSize: 500, shuffle: false)
    /// ```
    public init(_ dataset: Dataset, batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0, dropLast: Bool = false) {
        check(batchSize > 0, "DataLoader: batch size \(batchSize) must be positive")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.dropLast = dropLast
    }

    /// Batches per epoch.
    public var batchCount: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    /// The order in which epoch `epoch` visits the examples.
    ///
    /// ```swift
    /// loader.order(epoch: 3) == loader.order(epoch: 3)   // true: reproducible
    /// ```
    public func order(epoch: Int) -> [Int] {
        guard shuffle else { return Array(0..<dataset.count) }
        // Distinct epochs get unrelated streams: SeededGenerator scrambles its seed with SplitMix64.
        var rng = SeededGenerator(seed: seed &+ UInt64(truncatingIfNeeded: epoch) &* 0x9E37_79B9_7F4A_7C15)
        return rng.permutation(dataset.count)
    }

    /// The batches of epoch `epoch`.
    ///
    /// ```swift
    /// for batch in loader.epoch(0) { print(batch.images.shape) }
    /// ```
    public func epoch(_ epoch: Int) -> Epoch {
        Epoch(dataset: dataset, order: order(epoch: epoch), batchSize: batchSize, batchCount: batchCount)
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
        let batchSize: Int
        let batchCount: Int
        var position = 0

        public var underestimatedCount: Int { batchCount - position }

        /// The next batch, or nil after the last.
        public mutating func next() -> Batch? {
            guard position < batchCount else { return nil }
            let start = position * batchSize
            position += 1
            return dataset.batch(Array(order[start..<Swift.min(start + batchSize, order.count)]))
        }
    }
}

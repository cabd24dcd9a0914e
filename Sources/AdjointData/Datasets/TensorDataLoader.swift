/// Minibatches `(inputs, targets)` of a ``TensorDataset``, epoch after epoch, like PyTorch's
/// `DataLoader(TensorDataset(x, y), batch_size, shuffle)`. It orders and cuts batches exactly as
/// `DataLoader` does: each epoch visits every sample once, in a fresh order drawn from `seed`
/// and the epoch when `shuffle` is on, so a resumed run gets the batches it would have had.
///
/// ```swift
/// let x = Tensor<Float>((0..<10).map(Float.init), shape: [10, 1])
/// let loader = TensorDataLoader(TensorDataset(inputs: x, targets: x * 2), batchSize: 4, seed: 7)
/// for (inputs, targets) in loader.epoch(0) { print(inputs.shape, targets.shape) }   // [4, 1] twice, then [2, 1]
/// ```
public struct TensorDataLoader<Inputs: Batchable, Targets: Batchable> {
    /// The samples to batch.
    public let dataset: TensorDataset<Inputs, Targets>
    private let sampler: BatchSampler

    /// Batches of `batchSize` samples of `dataset`, reshuffled every epoch when `shuffle`; the
    /// last, smaller batch is left out when `dropLast`. With a `shard` (data-parallel training),
    /// this process's rows of each global batch of `batchSize`, which the shard's count must divide.
    public init(_ dataset: TensorDataset<Inputs, Targets>, batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0,
                dropLast: Bool = false, shard: DataShard? = nil) {
        self.dataset = dataset
        sampler = BatchSampler(count: dataset.count, batchSize: batchSize, shuffle: shuffle, seed: seed, dropLast: dropLast,
                               shard: shard, loader: "TensorDataLoader")
    }

    /// Samples per batch (the last batch may be smaller unless `dropLast`).
    public var batchSize: Int { sampler.batchSize }
    /// Batches per epoch.
    public var batchCount: Int { sampler.batchCount }

    /// The order in which epoch `epoch` visits the samples.
    public func order(epoch: Int) -> [Int] { sampler.order(epoch: epoch) }

    /// The batches of epoch `epoch`, gathered as iteration reaches them.
    public func epoch(_ epoch: Int) -> Epoch { Epoch(dataset: dataset, order: order(epoch: epoch), sampler: sampler) }

    /// The batches of one epoch.
    public struct Epoch: Sequence, IteratorProtocol {
        let dataset: TensorDataset<Inputs, Targets>
        let order: [Int]
        let sampler: BatchSampler
        var position = 0

        /// The batches not yet returned.
        public var underestimatedCount: Int { sampler.batchCount - position }

        /// The next batch, or nil after the last.
        public mutating func next() -> (inputs: Inputs, targets: Targets)? {
            guard position < sampler.batchCount else { return nil }
            position += 1
            return dataset.subset(sampler.indices(ofBatch: position - 1, in: order)).batch
        }
    }
}

extension TensorDataLoader: Sendable where Inputs: Sendable, Targets: Sendable {}
extension TensorDataLoader.Epoch: Sendable where Inputs: Sendable, Targets: Sendable {}

extension Trainer {
    /// What a caller hooks into the run (see ``TrainingCallbacks``).
    public typealias Callbacks = TrainingCallbacks<Scalar, History>
}

/// Where a training batch is in the run, for a `Trainer.batchTransform` that draws per batch.
///
/// ```swift
/// let position = BatchPosition(epoch: 3, index: 17, offset: 0)
/// ```
public struct BatchPosition: Sendable, Equatable {
    /// Completed epochs before this batch's (0-based).
    public var epoch: Int
    /// The batch's position in its epoch (0-based).
    public var index: Int
    /// The row of the whole batch this process's rows start at (non-zero on data-parallel shards).
    public var offset: Int

    public init(epoch: Int, index: Int, offset: Int) {
        (self.epoch, self.index, self.offset) = (epoch, index, offset)
    }
}

/// Changes a training batch's inputs at a position: `Trainer.batchTransform`.
public typealias BatchTransform = (_ inputs: Tensor<Float>, _ position: BatchPosition) -> Tensor<Float>

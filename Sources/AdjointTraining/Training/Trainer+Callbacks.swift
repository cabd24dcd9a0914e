extension Trainer {
    /// What a caller hooks into a run, each optional: the progress of its steps and epochs,
    /// when to stop, the gradients before each update, and each epoch's end.
    ///
    /// ```swift
    /// trainer.callbacks.onStep = { iteration, loss in if iteration % 100 == 0 { print(iteration, loss) } }
    /// let deadline = ProgressBar.monotonicSeconds() + 600   // ten minutes
    /// trainer.callbacks.shouldStop = { ProgressBar.monotonicSeconds() > deadline }
    /// ```
    public struct Callbacks {
        /// Called after every optimiser step with the iteration (1-based) and its loss.
        public var onStep: ((_ iteration: Int, _ loss: Double) -> Void)?
        /// Called after every epoch with the epoch (1-based) and the history so far.
        public var onEpoch: ((_ epoch: Int, _ history: History) -> Void)?
        /// Asked after every step; when it answers true, `fit` returns after that step, mid-epoch,
        /// and a later `fit` (or a run resumed from a checkpoint) continues at the next batch.
        public var shouldStop: (() -> Bool)?
        /// Called between the backward pass and the optimiser step with the parameters, whose
        /// `grad` it may change: clip them, or average them across processes.
        ///
        /// ```swift
        /// trainer.callbacks.afterBackward = { parameters in clipGradients(parameters, maxNorm: 5) }
        /// ```
        public var afterBackward: ((_ parameters: [Variable<Scalar>]) -> Void)?
        /// Called when an epoch's last step is taken, before the epoch is scored: make what the
        /// processes of a data-parallel run hold alike (batch-norm running statistics) and check
        /// that their parameters agree. An error it throws stops `fit` as `TrainingError.epochEnd`.
        public var atEpochEnd: (() throws -> Void)?

        public init() {}
    }
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

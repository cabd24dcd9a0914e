/// What a caller hooks into a trainer's run, each optional: the progress of its steps and
/// epochs, when to stop, the gradients before each update, and each epoch's end. `Trainer` and
/// `SupervisedTrainer` take it as `callbacks`, with their own `History`.
///
/// ```swift
/// var callbacks = Trainer<Float>.Callbacks()
/// callbacks.onStep = { iteration, loss in if iteration % 100 == 0 { print(iteration, loss) } }
/// callbacks.afterBackward = { parameters in clipGradients(parameters, maxNorm: 5) }
/// ```
public struct TrainingCallbacks<Scalar: TensorScalar, History> {
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

/// An optimiser's learning rate as a schedule sets it after each step, with its weight decay
/// scaled in proportion, so the decay stays `lr x weight_decay` as in PyTorch's optimizers.
struct ScheduledRate<Scalar: TensorScalar> {
    let optimizer: Optimizer<Scalar>
    /// The optimiser's rate and decay when the trainer was made (before any checkpoint is
    /// loaded): what `.cosine` starts from and the decay scales with.
    let baseLearningRate: Scalar
    let baseWeightDecay: Scalar

    init(_ optimizer: Optimizer<Scalar>) {
        self.optimizer = optimizer
        (baseLearningRate, baseWeightDecay) = (optimizer.learningRate, optimizer.weightDecay)
    }

    /// Sets the rate `schedule` gives after `iteration`, and the decay with it.
    func follow(afterIteration iteration: Int, endsEpoch: Bool, schedule: LearningRateSchedule) {
        optimizer.learningRate = schedule.rate(afterIteration: iteration, endsEpoch: endsEpoch,
                                               current: optimizer.learningRate, base: baseLearningRate)
        scaleWeightDecay()
    }

    /// The decay at the current rate's share of the initial one; run before the first step
    /// too, for a rate a checkpoint put back.
    func scaleWeightDecay() {
        if baseWeightDecay != 0 && baseLearningRate != 0 {
            optimizer.weightDecay = baseWeightDecay * (optimizer.learningRate / baseLearningRate)
        }
    }
}

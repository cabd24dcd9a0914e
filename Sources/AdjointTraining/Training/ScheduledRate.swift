/// An optimiser's learning rate as a schedule sets it after each step, with its weight decay
/// scaled in proportion, so the decay stays `lr x weight_decay` as in PyTorch's optimizers.
struct ScheduledRate<Scalar: TensorScalar> {
    let optimizer: Optimizer<Scalar>
    let schedule: LearningRateSchedule<Scalar>
    /// The scheduler a `.scheduler` schedule made on the optimiser; nil for the trainer's own decays.
    let scheduler: LearningRateScheduler<Scalar>?
    /// The optimiser's rate and decay when the trainer was made (before any checkpoint is
    /// loaded or a scheduler set its first rate): what `.cosine` starts from and the decay scales with.
    let baseLearningRate: Scalar
    let baseWeightDecay: Scalar

    init(_ optimizer: Optimizer<Scalar>, schedule: LearningRateSchedule<Scalar>) {
        self.optimizer = optimizer
        self.schedule = schedule
        (baseLearningRate, baseWeightDecay) = (optimizer.learningRate, optimizer.weightDecay)
        if case let .scheduler(factory, _) = schedule.kind {
            let scheduler = factory.make(optimizer)
            check(scheduler.optimizer === optimizer, "Trainer: the schedule made a \(scheduler.name) of another optimizer")
            self.scheduler = scheduler
        } else {
            scheduler = nil
        }
    }

    /// Sets the rate the schedule gives after `iteration`, and the decay with it.
    func follow(afterIteration iteration: Int, endsEpoch: Bool) {
        switch schedule.kind {
        case let .decay(decay):
            optimizer.learningRate = decay.rate(afterIteration: iteration, endsEpoch: endsEpoch,
                                                current: optimizer.learningRate, base: baseLearningRate)
        case let .scheduler(_, interval):
            guard let scheduler, !(scheduler is ReduceLROnPlateau<Scalar>), interval == .iteration || endsEpoch else { return }
            scheduler.step()
        }
        scaleWeightDecay()
    }

    /// Steps a plateau schedule with the epoch's `metric`, after the epoch's evaluation.
    func followEvaluation(metric: Double) {
        guard let plateau = scheduler as? ReduceLROnPlateau<Scalar> else { return }
        plateau.step(metric: metric)
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

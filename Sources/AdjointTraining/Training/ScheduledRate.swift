/// An optimiser's learning rates as a schedule sets them after each step, each parameter
/// group's from its own initial rate, with the course's `decoupledDecay` scaled as the first
/// group's rate, so that decay stays `lr x weight_decay` as in PyTorch's AdamW. (PyTorch's
/// forms, the groups' `weightDecay`, follow the rate by themselves.)
struct ScheduledRate<Scalar: TensorScalar> {
    let optimizer: Optimizer<Scalar>
    let schedule: LearningRateSchedule<Scalar>
    /// The scheduler a `.scheduler` schedule made on the optimiser; nil for the trainer's own decays.
    let scheduler: LearningRateScheduler<Scalar>?
    /// The groups' rates and the decay when the trainer was made (before any checkpoint is
    /// loaded or a scheduler set its first rate): what `.cosine` starts from and the decay scales with.
    let baseLearningRates: [Scalar]
    let baseDecoupledDecay: Scalar

    init(_ optimizer: Optimizer<Scalar>, schedule: LearningRateSchedule<Scalar>) {
        self.optimizer = optimizer
        self.schedule = schedule
        (baseLearningRates, baseDecoupledDecay) = (optimizer.parameterGroups.map(\.learningRate), optimizer.decoupledDecay)
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
            for (i, base) in baseLearningRates.enumerated() {
                optimizer.parameterGroups[i].learningRate = decay.rate(afterIteration: iteration, endsEpoch: endsEpoch,
                                                                       current: optimizer.parameterGroups[i].learningRate, base: base)
            }
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
        if baseDecoupledDecay != 0 && baseLearningRates[0] != 0 {
            optimizer.decoupledDecay = baseDecoupledDecay * (optimizer.learningRate / baseLearningRates[0])
        }
    }
}

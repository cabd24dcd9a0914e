/// An optimiser's learning rates as a schedule sets them after each step, each parameter
/// group's from its own initial rate, with the course's `decoupledDecay` scaled as the first
/// group's rate, so that decay stays `lr x weight_decay` as in PyTorch's AdamW. (PyTorch's
/// forms, the groups' `weightDecay`, follow the rate by themselves.)
struct ScheduledRate<Scalar: TensorScalar> {
    let optimizer: Optimizer<Scalar>
    /// The groups' rates and the decay when the trainer was made (before any checkpoint is
    /// loaded): what `.cosine` starts from and the decay scales with.
    let baseLearningRates: [Scalar]
    let baseDecoupledDecay: Scalar

    init(_ optimizer: Optimizer<Scalar>) {
        self.optimizer = optimizer
        (baseLearningRates, baseDecoupledDecay) = (optimizer.parameterGroups.map(\.learningRate), optimizer.decoupledDecay)
    }

    /// Sets the rates `schedule` gives after `iteration`, and the decay with them.
    func follow(afterIteration iteration: Int, endsEpoch: Bool, schedule: LearningRateSchedule) {
        for (i, base) in baseLearningRates.enumerated() {
            optimizer.parameterGroups[i].learningRate = schedule.rate(afterIteration: iteration, endsEpoch: endsEpoch,
                                                                      current: optimizer.parameterGroups[i].learningRate, base: base)
        }
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

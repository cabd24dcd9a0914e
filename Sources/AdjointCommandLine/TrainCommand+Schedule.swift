extension TrainCommand {
    /// The trainer's schedule for `--schedule` over a run of `iterations` steps: exponential
    /// and cosine are the trainer's own decays (the arithmetic earlier checkpoints resume with),
    /// plateau and onecycle PyTorch's schedulers. Onecycle cycles the momentum of the optimisers
    /// that have one (momentum's, adam's beta1), as PyTorch's default; sgd and rmsprop, made
    /// without, are left without rather than given one.
    static func makeSchedule(_ schedule: TrainOptions.Schedule, settings: RunSettings, iterations: Int) -> LearningRateSchedule<Float> {
        switch schedule {
        case .exponential:
            return .perEpoch(settings.learningRateDecay)
        case .cosine:
            return .cosine(iterations: iterations)
        case .plateau:
            return .scheduler(per: .epoch) { ReduceLROnPlateau(optimizer: $0, mode: .max, factor: 0.5, patience: 2) }
        case .onecycle:
            let maxLR = settings.learningRate
            let cycleMomentum = settings.optimizer == .momentum || settings.optimizer == .adam
            return .scheduler(per: .iteration) {
                OneCycleLR(optimizer: $0, maxLR: maxLR, totalSteps: iterations, cycleMomentum: cycleMomentum)
            }
        }
    }
}

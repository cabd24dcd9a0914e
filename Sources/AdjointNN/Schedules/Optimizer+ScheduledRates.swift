extension Optimizer {
    /// The learning rate of each parameter group, as Doubles: the one place schedulers read and
    /// set an optimiser's rates.
    var scheduledRates: [Double] {
        get { parameterGroups.map { Double($0.learningRate) } }
        set {
            check(newValue.count == parameterGroups.count,
                  "LearningRateScheduler: \(newValue.count) rates for an optimizer of \(parameterGroups.count) parameter groups")
            for (i, rate) in newValue.enumerated() { parameterGroups[i].learningRate = Scalar(rate) }
        }
    }
}

extension Optimizer {
    /// The learning rate of each parameter group, as Doubles: the one place schedulers read and
    /// set an optimiser's rates. An optimiser has one group today.
    var scheduledRates: [Double] {
        get { [Double(learningRate)] }
        set {
            check(newValue.count == 1, "LearningRateScheduler: \(newValue.count) rates for an optimizer of 1 parameter group")
            learningRate = Scalar(newValue[0])
        }
    }
}

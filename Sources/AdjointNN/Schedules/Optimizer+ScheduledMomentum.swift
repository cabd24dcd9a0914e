/// An optimiser whose momentum a schedule may set: PyTorch's group `momentum` (`SGD`,
/// `RMSprop`, and the course's `Momentum`) or `betas[0]` (`Adam`, `AdamW`). The factor is the
/// optimiser's, not a group's, so a schedule sets one value for every group.
protocol ScheduledMomentum: AnyObject {
    /// Sets the momentum factor, given as a Double whatever the optimiser's scalar.
    func setScheduledMomentum(_ value: Double)
}

extension SGD: ScheduledMomentum {
    func setScheduledMomentum(_ value: Double) { momentum = Scalar(value) }
}

extension RMSprop: ScheduledMomentum {
    func setScheduledMomentum(_ value: Double) { momentum = Scalar(value) }
}

extension Momentum: ScheduledMomentum {
    func setScheduledMomentum(_ value: Double) { momentum = Scalar(value) }
}

extension Adam: ScheduledMomentum {
    func setScheduledMomentum(_ value: Double) { beta1 = Scalar(value) }
}

extension AdamW: ScheduledMomentum {
    func setScheduledMomentum(_ value: Double) { beta1 = Scalar(value) }
}

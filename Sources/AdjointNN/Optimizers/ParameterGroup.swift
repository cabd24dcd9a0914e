/// Parameters that share a learning rate and a weight decay, as in PyTorch's `param_groups`:
/// an optimiser given several groups updates each with its own settings. A setting left out
/// (`nil`) takes the optimiser's argument when the optimiser is made.
///
/// ```swift
/// let opt = SGD(model.weightDecayGroups(5e-4), learningRate: 0.1, momentum: 0.9)
/// opt.parameterGroups[1].learningRate = 0.01   // the biases and norms' rate, from the next step
/// ```
public struct ParameterGroup<Scalar: TensorScalar> {
    /// The group's parameters, in order.
    public let parameters: [Variable<Scalar>]
    private var requestedLearningRate: Scalar?
    private var requestedWeightDecay: Scalar?

    /// A group of `parameters`; a `nil` setting is the optimiser's argument.
    ///
    /// ```swift
    /// let opt = AdamW([ParameterGroup([w]), ParameterGroup([b], weightDecay: 0)], learningRate: 1e-3)
    /// ```
    public init(_ parameters: [Variable<Scalar>], learningRate: Scalar? = nil, weightDecay: Scalar? = nil) {
        self.parameters = parameters
        (requestedLearningRate, requestedWeightDecay) = (learningRate, weightDecay)
    }

    /// The group's learning rate; it may change between steps. A group's settings are read from
    /// an optimiser's `parameterGroups`, where both are always set.
    public var learningRate: Scalar {
        get { setting(requestedLearningRate, "learningRate") }
        set { requestedLearningRate = newValue }
    }

    /// The group's weight decay, in the optimiser's convention (coupled for `SGD`, `Adam`,
    /// `RMSprop`, `Adagrad`; `lr * weightDecay` decoupled for `AdamW`).
    public var weightDecay: Scalar {
        get { setting(requestedWeightDecay, "weightDecay") }
        set { requestedWeightDecay = newValue }
    }

    /// The group with the optimiser's arguments for the settings it leaves out.
    func resolved(learningRate: Scalar, weightDecay: Scalar) -> ParameterGroup {
        var group = self
        (group.requestedLearningRate, group.requestedWeightDecay) = (requestedLearningRate ?? learningRate, requestedWeightDecay ?? weightDecay)
        return group
    }

    private func setting(_ value: Scalar?, _ name: String) -> Scalar {
        guard let value else { fatalError("ParameterGroup.\(name): not set; an optimiser's parameterGroups have it from the optimiser's arguments") }
        return value
    }
}

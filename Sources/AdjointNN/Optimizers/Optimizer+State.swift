extension Optimizer {
    /// Everything an optimiser needs to continue exactly: its step count, its groups' learning
    /// rates and weight decays, and its state tensors, `slots[parameter][slot]` (a parameter not
    /// yet updated has none).
    ///
    /// ```swift
    /// let saved = opt.state
    /// try opt.restore(saved)
    /// ```
    public struct State: Equatable, Sendable {
        /// The number of steps taken when the state was read.
        public var stepCount: Int
        /// The learning rate of each parameter group when the state was read.
        public var learningRates: [Scalar]
        /// The weight decay of each parameter group; empty leaves the optimiser's decays as they
        /// are (a state of one learning rate, `init(stepCount:learningRate:slots:)`).
        public var weightDecays: [Scalar]
        /// The state tensors, `slots[parameter][slot]` in the order of `slotNames`; empty for a
        /// parameter not yet updated.
        ///
        /// ```swift
        /// let buffer = opt.state.slots[0].first   // SGD with momentum: the first parameter's "momentum_buffer"
        /// ```
        public var slots: [[Tensor<Scalar>]]

        /// A state with the given parts, one rate and one decay per parameter group.
        ///
        /// ```swift
        /// let fresh = Optimizer<Float>.State(stepCount: 0, learningRates: [1e-3, 1e-4], weightDecays: [0.01, 0], slots: [[], []])
        /// ```
        public init(stepCount: Int, learningRates: [Scalar], weightDecays: [Scalar], slots: [[Tensor<Scalar>]]) {
            (self.stepCount, self.learningRates, self.weightDecays, self.slots) = (stepCount, learningRates, weightDecays, slots)
        }

        /// The state of an optimiser of one group with one learning rate, which leaves the weight
        /// decay as the optimiser has it.
        ///
        /// ```swift
        /// let fresh = Optimizer<Float>.State(stepCount: 0, learningRate: 1e-3, slots: [[], []])
        /// ```
        public init(stepCount: Int, learningRate: Scalar, slots: [[Tensor<Scalar>]]) {
            self.init(stepCount: stepCount, learningRates: [learningRate], weightDecays: [], slots: slots)
        }

        /// The first group's learning rate (the only one of an optimiser of one group).
        public var learningRate: Scalar { learningRates[0] }
    }

    /// The optimiser's current state.
    public var state: State {
        State(stepCount: stepCount, learningRates: parameterGroups.map(\.learningRate),
              weightDecays: parameterGroups.map(\.weightDecay), slots: slots)
    }

    /// Restores a state taken from `state` (or read from a checkpoint), checking it fits: one
    /// rate per group (and one decay per group, or none), all finite; one entry per parameter,
    /// each empty or one tensor per slot of the parameter's shape; a step count of at least 0.
    ///
    /// ```swift
    /// let saved = opt.state   // ... more steps, then back:
    /// try opt.restore(saved)
    /// ```
    public func restore(_ state: State) throws(NNError) {
        guard state.stepCount >= 0 else { throw .invalidState("optimizer state: step count \(state.stepCount) is negative") }
        let groups = parameterGroups.count
        guard state.learningRates.count == groups else {
            throw .invalidState("optimizer state: \(state.learningRates.count) learning rates, the optimizer has \(groups) parameter groups")
        }
        guard state.weightDecays.isEmpty || state.weightDecays.count == groups else {
            throw .invalidState("optimizer state: \(state.weightDecays.count) weight decays, the optimizer has \(groups) parameter groups")
        }
        // No optimiser is made with a negative rate or decay, so a state holding one is damaged.
        if let rate = state.learningRates.first(where: { !$0.isFinite || $0 < 0 }) {
            throw .invalidState("optimizer state: learning rate \(rate) is \(rate.isFinite ? "negative" : "not finite")")
        }
        if let decay = state.weightDecays.first(where: { !$0.isFinite || $0 < 0 }) {
            throw .invalidState("optimizer state: weight decay \(decay) is \(decay.isFinite ? "negative" : "not finite")")
        }
        try checkSlots(state.slots)
        stepCount = state.stepCount
        for i in parameterGroups.indices {
            parameterGroups[i].learningRate = state.learningRates[i]
            if !state.weightDecays.isEmpty { parameterGroups[i].weightDecay = state.weightDecays[i] }
        }
        slots = state.slots
    }

    /// Throws unless `slots` has one entry per parameter, each empty or one tensor per slot of
    /// the parameter's shape.
    private func checkSlots(_ slots: [[Tensor<Scalar>]]) throws(NNError) {
        guard slots.count == parameters.count else {
            throw .invalidState("optimizer state: \(slots.count) parameters, the optimizer has \(parameters.count)")
        }
        for (i, (tensors, parameter)) in zip(slots, parameters).enumerated() where !tensors.isEmpty {
            guard tensors.count == slotNames.count else {
                throw .invalidState("optimizer state: parameter \(i) has \(tensors.count) slots, \(type(of: self)) keeps \(slotNames.count) (\(slotNames.joined(separator: ", ")))")
            }
            for (slot, tensor) in zip(slotNames, tensors) where tensor.shape != parameter.shape {
                throw .shapeMismatch("optimizer state \(slot) of parameter \(i)", expected: parameter.shape, got: tensor.shape)
            }
        }
    }
}

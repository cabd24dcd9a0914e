import Testing
@testable import AdjointNN

// Parameter groups: their settings, the optimiser's rate and decay over several groups, the
// weight-decay split of a model, and the state's round trip with per-group settings.

@Suite struct ParameterGroups {
    static func parameters() -> [Variable<Double>] {
        [Variable(Tensor<Double>([1, -2, 3, 0.5], shape: [2, 2])), Variable(Tensor<Double>([0.1, 0.2]))]
    }

    static func step(_ optimizer: Optimizer<Double>, _ k: Int) {
        for variable in optimizer.parameters { variable.grad = variable.value * variable.value * Double(k) * 0.1 - 0.3 }
        optimizer.step()
    }

    static func twoGroups() -> SGD<Double> {
        let p = parameters()
        return SGD([ParameterGroup([p[0]]), ParameterGroup([p[1]], learningRate: 0.01, weightDecay: 0)],
                   learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4)
    }

    @Test func groupsTakeTheOptimizersSettingsTheyLeaveOut() {
        let optimizer = Self.twoGroups()
        #expect(optimizer.parameterGroups.map(\.learningRate) == [0.1, 0.01])
        #expect(optimizer.parameterGroups.map(\.weightDecay) == [5e-4, 0])
        #expect(optimizer.parameters.count == 2 && optimizer.parameters[1] === optimizer.parameterGroups[1].parameters[0])
        // The first group's, and setting one sets every group's.
        #expect(optimizer.learningRate == 0.1 && optimizer.weightDecay == 5e-4)
        optimizer.learningRate = 0.2
        optimizer.weightDecay = 1e-3
        #expect(optimizer.parameterGroups.map(\.learningRate) == [0.2, 0.2])
        #expect(optimizer.parameterGroups.map(\.weightDecay) == [1e-3, 1e-3])
    }

    /// Each group steps with its own rate: the same gradients move the second group's parameter
    /// as a one-group optimiser at that group's rate would.
    @Test func eachGroupStepsWithItsOwnRate() {
        let grouped = Self.twoGroups()
        grouped.parameterGroups[1].learningRate = 0.05
        let alone = SGD([Variable(Self.parameters()[1].value)], learningRate: 0.05, momentum: 0.9, weightDecay: 0)
        for k in 1...4 {
            Self.step(grouped, k)
            Self.step(alone, k)
        }
        #expect(grouped.parameters[1].value == alone.parameters[0].value)
    }

    @Test func weightDecayGroupsLeaveBiasesAndNormsUndecayed() {
        var rng = SeededGenerator(seed: 3)
        let model = Sequential<Double>([Linear(4, 8, rng: &rng), LayerNorm(8), Linear(8, 2, rng: &rng)])
        let groups = model.weightDecayGroups(0.1)
        #expect(groups.count == 2)
        #expect(groups[0].parameters.map(\.shape) == [[4, 8], [8, 2]] && groups[0].weightDecay == 0.1)
        #expect(groups[1].parameters.map(\.shape) == [[8], [8], [8], [2]] && groups[1].weightDecay == 0)
        #expect(Set((groups[0].parameters + groups[1].parameters).map(ObjectIdentifier.init))
                == Set(model.parameters.map(ObjectIdentifier.init)))
        let optimizer = AdamW(groups, learningRate: 1e-3)
        #expect(optimizer.parameterGroups.map(\.learningRate) == [1e-3, 1e-3])
        #expect(optimizer.parameterGroups.map(\.weightDecay) == [0.1, 0])
    }

    @Test func stateCarriesEachGroupsSettingsAndResumesExactly() throws {
        let original = Self.twoGroups()
        for k in 1...3 { Self.step(original, k) }
        original.parameterGroups[0].learningRate = 0.07
        original.parameterGroups[1].weightDecay = 0.02
        let state = original.state
        #expect(state.learningRates == [0.07, 0.01] && state.weightDecays == [5e-4, 0.02] && state.learningRate == 0.07)
        #expect(original.slotNames == ["momentum_buffer"] && state.slots.map(\.count) == [1, 1])

        let copies = original.parameters.map { Variable($0.value) }
        let resumed = SGD([ParameterGroup([copies[0]]), ParameterGroup([copies[1]])], learningRate: 1, momentum: 0.9)
        try resumed.restore(state)
        #expect(resumed.state == state)
        for k in 4...6 {
            Self.step(original, k)
            Self.step(resumed, k)
        }
        #expect(zip(original.parameters, resumed.parameters).allSatisfy { $0.value == $1.value })
        #expect(resumed.state == original.state)
    }

    /// A state with one rate and no decays (a checkpoint from before groups) restores the rate
    /// and leaves the decay as the optimiser was made with.
    @Test func aStateWithOneRateAndNoDecaysStillRestores() throws {
        let optimizer = Adam(Self.parameters(), learningRate: 1e-3, weightDecay: 0.01)
        try optimizer.restore(.init(stepCount: 2, learningRate: 5e-4, slots: [[], []]))
        #expect(optimizer.learningRate == 5e-4 && optimizer.weightDecay == 0.01 && optimizer.stepCount == 2)
    }

    @Test func restoreRefusesSettingsThatDoNotFitTheGroups() {
        let optimizer = Self.twoGroups()
        let before = optimizer.state
        #expect(throws: NNError.invalidState("optimizer state: 1 learning rates, the optimizer has 2 parameter groups")) {
            try optimizer.restore(.init(stepCount: 1, learningRate: 0.1, slots: [[], []]))
        }
        #expect(throws: NNError.invalidState("optimizer state: 1 weight decays, the optimizer has 2 parameter groups")) {
            try optimizer.restore(.init(stepCount: 1, learningRates: [0.1, 0.1], weightDecays: [0], slots: [[], []]))
        }
        #expect(throws: NNError.invalidState("optimizer state: weight decay nan is not finite")) {
            try optimizer.restore(.init(stepCount: 1, learningRates: [0.1, 0.1], weightDecays: [0, .nan], slots: [[], []]))
        }
        #expect(throws: NNError.invalidState("optimizer state: learning rate -1.0 is negative")) {
            try optimizer.restore(.init(stepCount: 1, learningRates: [-1, 0.1], weightDecays: [0, 0], slots: [[], []]))
        }
        #expect(throws: NNError.invalidState("optimizer state: weight decay -0.5 is negative")) {
            try optimizer.restore(.init(stepCount: 1, learningRates: [0.1, 0.1], weightDecays: [-0.5, 0], slots: [[], []]))
        }
        #expect(optimizer.state == before)
    }
}

@Suite struct ParameterGroupExits {
    static func standardError(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func aParameterInTwoGroups() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Variable(Tensor<Double>([1]))
            _ = SGD([ParameterGroup([w]), ParameterGroup([w])], learningRate: 0.1)
        }
        #expect(Self.standardError(result).contains("SGD<Double>: a parameter appears in more than one place of the parameter groups"))
    }

    @Test func changingAGroupsParameters() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let optimizer = SGD([Variable(Tensor<Double>([1]))], learningRate: 0.1)
            optimizer.parameterGroups[0] = ParameterGroup([Variable(Tensor<Double>([2]))])
        }
        #expect(Self.standardError(result).contains("Optimizer.parameterGroups: the groups' parameters changed; only their settings may"))
    }

    @Test func nesterovWithoutMomentum() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SGD([Variable(Tensor<Double>([1]))], learningRate: 0.1, nesterov: true)
        }
        #expect(Self.standardError(result).contains("SGD: Nesterov momentum needs momentum > 0 and dampening 0, got momentum 0.0, dampening 0.0"))
    }
}

import Foundation
import Testing
@testable import AdjointNN

// OneCycleLR cycling the momentum of SGD and Adam's beta1 against torch's OneCycleLR with
// cycle_momentum (Fixtures/schedule_vectors.json): the rates, the momenta and the weights.

@Suite struct OneCycleMomentum {
    /// The fixture's cases that cycle momentum.
    static func cases() throws -> [ScheduleVectors.Case] { try ScheduleVectors.cases().filter { $0.momenta != nil } }

    /// The rates, momenta and weights of `steps` steps from the present ones, the gradient
    /// w^3 - 0.3 as in the script, the scheduler stepped after the optimiser.
    static func run(_ opt: Optimizer<Double>, _ scheduler: LearningRateScheduler<Double>,
                    steps: Int) -> (rates: [Double], momenta: [Double], weights: [[Double]]) {
        var (rates, momenta, weights) = ([Double](), [Double](), [[Double]]())
        let w = opt.parameters[0]
        for _ in 0..<steps {
            w.grad = w.value * w.value * w.value - 0.3
            opt.step()
            scheduler.step()
            rates.append(opt.learningRate)
            momenta.append(ScheduleVectors.momentum(opt))
            weights.append(w.value.scalars)
        }
        return (rates, momenta, weights)
    }

    static func worst(_ a: [Double], _ b: [Double]) -> Double {
        a.count == b.count ? zip(a, b).map { abs($0 - $1) }.max()! : .infinity
    }

    @Test func ratesMomentaAndWeightsMatchPyTorch() throws {
        let cases = try Self.cases()
        #expect(Set(cases.map { "\($0.optimizer!) \($0.string("anneal_strategy"))" }).count == 4)
        for c in cases {
            let opt = ScheduleVectors.optimizer(c)
            let scheduler = ScheduleVectors.scheduler(c, opt)
            let (rates, momenta, weights) = Self.run(opt, scheduler, steps: c.rates.count - 1)
            let worstRate = Self.worst([c.rates[0]] + rates, c.rates)
            let worstMomentum = Self.worst([c.momenta![0]] + momenta, c.momenta!)
            let worstWeight = Self.worst(weights.flatMap { $0 }, c.weights!.flatMap { $0 })
            print("OneCycleLR on \(c.optimizer!), \(c.string("anneal_strategy")): worst differences rate \(worstRate), momentum \(worstMomentum), weight \(worstWeight)")
            #expect(worstRate <= 1e-12 && worstMomentum <= 1e-12 && worstWeight <= 1e-12, "\(c.optimizer!) \(c.arguments)")
            // The momentum is set by the constructor, before any step.
            let fresh = ScheduleVectors.optimizer(c)
            _ = ScheduleVectors.scheduler(c, fresh)
            #expect(abs(ScheduleVectors.momentum(fresh) - c.momenta![0]) <= 1e-12 && c.momenta![0] == c.double("max_momentum"))
        }
    }

    /// A run stopped after 11 steps and resumed into a fresh optimiser and scheduler (whose
    /// constructor set the first momentum) from their states continues bit for bit: the
    /// restored scheduler sets the momentum of its step, which the optimiser's state lacks.
    @Test func aResumedCycleContinuesBitForBit() throws {
        for c in try Self.cases() {
            let straight = ScheduleVectors.optimizer(c)
            let whole = Self.run(straight, ScheduleVectors.scheduler(c, straight), steps: c.rates.count - 1)
            let first = ScheduleVectors.optimizer(c)
            let stopped = ScheduleVectors.scheduler(c, first)
            _ = Self.run(first, stopped, steps: 11)
            let saved = try JSONDecoder().decode(LearningRateSchedulerState.self, from: try JSONEncoder().encode(stopped.state))
            let resumedOptimizer = ScheduleVectors.optimizer(c)
            let resumed = ScheduleVectors.scheduler(c, resumedOptimizer)
            #expect(ScheduleVectors.momentum(resumedOptimizer) != ScheduleVectors.momentum(first))
            resumedOptimizer.parameters[0].value = first.parameters[0].value
            try resumedOptimizer.restore(first.state)
            try resumed.restore(saved)
            #expect(ScheduleVectors.momentum(resumedOptimizer) == ScheduleVectors.momentum(first), "\(c.optimizer!)")
            let rest = Self.run(resumedOptimizer, resumed, steps: c.rates.count - 12)
            #expect(rest.rates == Array(whole.rates.dropFirst(11)) && rest.momenta == Array(whole.momenta.dropFirst(11)))
            #expect(rest.weights == Array(whole.weights.dropFirst(11)), "\(c.optimizer!) \(c.string("anneal_strategy"))")
        }
    }

    /// A state past the cycle's end is refused, changing nothing.
    @Test func aStatePastTheCycleIsRefused() throws {
        let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1, momentum: 0.9)
        let schedule = OneCycleLR(optimizer: opt, maxLR: 0.5, totalSteps: 10)
        var state = schedule.state
        state.stepCount = 11
        #expect(throws: NNError.invalidState("scheduler state: step count 11 is past the 10 total steps of OneCycleLR")) {
            try schedule.restore(state)
        }
        #expect(schedule.stepCount == 0 && opt.momentum == 0.95)
    }

    /// Every optimiser with a momentum cycles it: the course's Momentum, RMSprop, AdamW; an SGD
    /// made without momentum gets one before its first step, as in PyTorch, and keeps its buffer.
    @Test func everyOptimizerWithMomentumCyclesIt() throws {
        let w = [Variable(Tensor<Double>([1, 2]))]
        let course = Momentum(w, learningRate: 0.1), rmsprop = RMSprop(w, momentum: 0.5), adamW = AdamW(w)
        let schedules = [course, rmsprop, adamW].map { OneCycleLR(optimizer: $0, maxLR: 0.1, totalSteps: 10, annealStrategy: .linear) }
        #expect(course.momentum == 0.95 && rmsprop.momentum == 0.95 && adamW.beta1 == 0.95)
        for schedule in schedules { for _ in 0..<2 { schedule.step() } }
        // Linear from 0.95 to 0.85 over the 2 steps of the rise: at its end.
        #expect(abs(course.momentum - 0.85) < 1e-15 && course.momentum == rmsprop.momentum && rmsprop.momentum == adamW.beta1)

        let plain = SGD([Variable(Tensor<Double>([1, 2]))], learningRate: 0.1)
        let schedule = OneCycleLR(optimizer: plain, maxLR: 0.1, totalSteps: 10)
        #expect(plain.momentum == 0.95 && plain.slotNames == ["momentum_buffer"])
        plain.parameters[0].grad = Tensor([1, 1])
        plain.step()
        schedule.step()
        #expect(plain.state.slots[0] == [Tensor([1, 1])])
    }
}

@Suite struct OneCycleMomentumExits {
    @Test func anOptimizerWithoutMomentumIsRefused() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = OneCycleLR(optimizer: Adagrad([Variable(Tensor<Double>.zeros([1]))]), maxLR: 0.1, totalSteps: 10)
        }
        #expect(BadInputExits.standardError(result)
            .contains("OneCycleLR: cycleMomentum needs an optimizer with momentum or beta1, and Adagrad<Double> has neither"))
    }

    /// PyTorch divides by zero at the first step of such a cycle; here it stops at once.
    @Test func aRisingPhaseOfNoStepsIsRefused() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = OneCycleLR(optimizer: SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1), maxLR: 0.1,
                           totalSteps: 4, pctStart: 0.25)
        }
        #expect(BadInputExits.standardError(result)
            .contains("OneCycleLR: pctStart 0.25 x total steps 4 is 1, which leaves the rising phase no steps"))
    }

    /// SGD keeps a momentum buffer only with momentum, so a cycle reaching 0 after steps stops.
    @Test func momentumCannotStopOnceABufferIsKept() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let opt = SGD([Variable(Tensor<Double>([1]))], learningRate: 0.1, momentum: 0.9)
            let schedule = OneCycleLR(optimizer: opt, maxLR: 0.1, totalSteps: 10, baseMomentum: 0)
            for _ in 0..<3 {
                opt.parameters[0].grad = Tensor([1])
                opt.step()
                schedule.step()
            }
        }
        #expect(BadInputExits.standardError(result)
            .contains("to 0.0 after steps that kept state; momentum may not start or stop mid-run"))
    }
}

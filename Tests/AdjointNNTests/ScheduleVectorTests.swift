import Foundation
import Testing
@testable import AdjointNN

// torch.optim.lr_scheduler's rates in float64 (Fixtures/schedule_vectors.json, written by
// Fixtures/make_schedule_vectors.py): the rate after the constructor and after each of 25 steps;
// for OneCycleLR cycling the momentum of SGD or Adam, the momentum too and the weights stepped.

@Suite struct ScheduleVectors {
    struct Case {
        let name: String
        let lr: Double
        let arguments: [String: Any]
        let rates: [Double]
        let metrics: [Double]?
        /// The optimiser of a case that cycles momentum ("SGD" with momentum 0.9, "Adam"), its
        /// momentum or beta1 after the constructor and each step, its weights' start and the
        /// weights after each step.
        let optimizer: String?
        let momenta: [Double]?
        let start: [Double]?
        let weights: [[Double]]?

        func double(_ key: String) -> Double { (arguments[key] as? NSNumber)!.doubleValue }
        func int(_ key: String) -> Int { (arguments[key] as? NSNumber)!.intValue }
        func string(_ key: String) -> String { arguments[key] as! String }
        func flag(_ key: String) -> Bool { arguments[key] as! Bool }
    }

    static func cases() throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/schedule_vectors.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        return try cases.map { c in
            Case(name: try #require(c["name"] as? String), lr: try #require(c["lr"] as? Double),
                 arguments: try #require(c["arguments"] as? [String: Any]), rates: try #require(c["rates"] as? [Double]),
                 metrics: c["metrics"] as? [Double], optimizer: c["optimizer"] as? String, momenta: c["momenta"] as? [Double],
                 start: c["start"] as? [Double], weights: c["weights"] as? [[Double]])
        }
    }

    /// The scheduler a case describes, on `optimizer`; the composite cases are the script's.
    static func scheduler(_ c: Case, _ opt: Optimizer<Double>) -> LearningRateScheduler<Double> {
        switch c.name {
        case "StepLR": StepLR(optimizer: opt, stepSize: c.int("step_size"), gamma: c.double("gamma"))
        case "MultiStepLR": MultiStepLR(optimizer: opt, milestones: c.arguments["milestones"] as! [Int], gamma: c.double("gamma"))
        case "ExponentialLR": ExponentialLR(optimizer: opt, gamma: c.double("gamma"))
        case "CosineAnnealingLR": CosineAnnealingLR(optimizer: opt, tMax: c.int("T_max"), etaMin: c.double("eta_min"))
        case "CosineAnnealingWarmRestarts":
            CosineAnnealingWarmRestarts(optimizer: opt, t0: c.int("T_0"), tMult: c.int("T_mult"), etaMin: c.double("eta_min"))
        case "LinearLR":
            LinearLR(optimizer: opt, startFactor: c.double("start_factor"), endFactor: c.double("end_factor"), totalIters: c.int("total_iters"))
        case "OneCycleLR" where c.flag("cycle_momentum"):
            OneCycleLR(optimizer: opt, maxLR: c.double("max_lr"), totalSteps: c.int("total_steps"), pctStart: c.double("pct_start"),
                       annealStrategy: .init(rawValue: c.string("anneal_strategy"))!, baseMomentum: c.double("base_momentum"),
                       maxMomentum: c.double("max_momentum"), divFactor: c.double("div_factor"),
                       finalDivFactor: c.double("final_div_factor"))
        case "OneCycleLR":
            OneCycleLR(optimizer: opt, maxLR: c.double("max_lr"), totalSteps: c.int("total_steps"), pctStart: c.double("pct_start"),
                       annealStrategy: .init(rawValue: c.string("anneal_strategy"))!, cycleMomentum: false,
                       divFactor: c.double("div_factor"), finalDivFactor: c.double("final_div_factor"))
        case "ReduceLROnPlateau":
            ReduceLROnPlateau(optimizer: opt, mode: .init(rawValue: c.string("mode"))!, factor: c.double("factor"),
                              patience: c.int("patience"), threshold: c.double("threshold"),
                              thresholdMode: .init(rawValue: c.string("threshold_mode"))!, cooldown: c.int("cooldown"),
                              minLR: c.double("min_lr"))
        case "SequentialLR":
            SequentialLR(optimizer: opt, schedulers: [LinearLR(optimizer: opt, startFactor: 0.1, totalIters: 4),
                                                      CosineAnnealingLR(optimizer: opt, tMax: 10, etaMin: 0.002),
                                                      ExponentialLR(optimizer: opt, gamma: 0.8)],
                         milestones: c.arguments["milestones"] as! [Int])
        case "ChainedScheduler":
            ChainedScheduler([LinearLR(optimizer: opt, startFactor: 0.2, totalIters: 5), ExponentialLR(optimizer: opt, gamma: 0.9),
                              StepLR(optimizer: opt, stepSize: 7, gamma: 0.5)])
        default: fatalError("no scheduler named \(c.name)")
        }
    }

    /// The rates a case's scheduler sets: after it is made, then after each step.
    static func run(_ c: Case, _ scheduler: LearningRateScheduler<Double>, from start: Int = 0) -> [Double] {
        var rates: [Double] = []
        for i in start..<c.rates.count - 1 {
            if let plateau = scheduler as? ReduceLROnPlateau<Double> { plateau.step(metric: c.metrics![i]) } else { scheduler.step() }
            rates.append(scheduler.optimizer.learningRate)
        }
        return rates
    }

    static func optimizer(_ lr: Double) -> SGD<Double> { SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: lr) }

    /// The case's optimiser: the script's SGD with momentum or Adam on its weights, else a plain SGD.
    static func optimizer(_ c: Case) -> Optimizer<Double> {
        let w = [Variable(Tensor<Double>(c.start ?? [0]))]
        return switch c.optimizer {
        case "SGD": SGD(w, learningRate: c.lr, momentum: 0.9)
        case "Adam": Adam(w, learningRate: c.lr)
        default: SGD(w, learningRate: c.lr)
        }
    }

    /// The momentum of SGD, or Adam's beta1.
    static func momentum(_ opt: Optimizer<Double>) -> Double {
        if let sgd = opt as? SGD<Double> { sgd.momentum } else { (opt as! Adam<Double>).beta1 }
    }

    @Test func everySchedulerMatchesPyTorch() throws {
        let cases = try Self.cases()
        #expect(Set(cases.map(\.name)).count == 10)
        for c in cases {
            let opt = Self.optimizer(c)
            let scheduler = Self.scheduler(c, opt)
            let rates = [opt.learningRate] + Self.run(c, scheduler)
            let worst = zip(rates, c.rates).map { abs($0 - $1) }.max()!
            print("\(c.name) \(c.arguments.keys.sorted()): worst difference \(worst) over \(rates.count) rates")
            #expect(rates.count == c.rates.count && worst <= 1e-12, "\(c.name): \(rates) vs \(c.rates)")
            #expect(scheduler.lastRates == [rates.last!])
        }
    }

    /// A scheduler restored from the state of one stopped midway, on a fresh optimiser at the
    /// rate it had, continues with the same rates as one run straight through.
    @Test func restoredSchedulersContinueTheSameRates() throws {
        for c in try Self.cases() {
            let straight = Self.optimizer(c)
            let rates = Self.run(c, Self.scheduler(c, straight))
            let first = Self.optimizer(c)
            let stopped = Self.scheduler(c, first)
            for i in 0..<11 {
                if let plateau = stopped as? ReduceLROnPlateau<Double> { plateau.step(metric: c.metrics![i]) } else { stopped.step() }
            }
            let saved = try JSONDecoder().decode(LearningRateSchedulerState.self, from: try JSONEncoder().encode(stopped.state))
            let resumedOptimizer = Self.optimizer(c)
            let resumed = Self.scheduler(c, resumedOptimizer)
            resumedOptimizer.learningRate = first.learningRate
            try resumed.restore(saved)
            #expect(resumed.state == stopped.state, "\(c.name)")
            #expect(Self.run(c, resumed, from: 11) == Array(rates.dropFirst(11)), "\(c.name)")
        }
    }

    /// A chain inside a sequence starts over at its milestone from the base rate, each of its
    /// schedulers from the rate the one before set (schedulers made in order on a fresh optimiser).
    @Test func aChainInASequenceRestartsFromTheBaseRate() throws {
        let opt = Self.optimizer(0.1)
        let exponential = ExponentialLR(optimizer: opt, gamma: 0.5)
        let warmUp = LinearLR(optimizer: opt, startFactor: 0.5, totalIters: 2)
        let restarts = CosineAnnealingWarmRestarts(optimizer: opt, t0: 4)
        let sequence = SequentialLR(optimizer: opt, schedulers: [exponential, ChainedScheduler([warmUp, restarts])], milestones: [2])
        #expect(opt.learningRate == 0.1 && restarts.baseRates == [0.1])
        var rates: [Double] = []
        for _ in 0..<4 {
            sequence.step()
            rates.append(opt.learningRate)
        }
        // Exponential: 0.05; the chain at its milestone: the warm-up's 0.05, which the restarts
        // replace by their base rate 0.1; then the cosine at 1 and 2 of 4.
        let cosine = { (t: Double) in (1 + cos(Double.pi * t / 4)) / 2 }
        let expected = [0.05, 0.1, 0.1 * cosine(1), 0.1 * cosine(2)]
        #expect(zip(rates, expected).allSatisfy { abs($0 - $1) < 1e-15 }, "\(rates) vs \(expected)")
        #expect(restarts.cycleStep == 2 && warmUp.stepCount == 2 && exponential.stepCount == 1)
    }

    @Test func restoreRefusesAnotherKindOrBadCounters() throws {
        let opt = Self.optimizer(0.1)
        let step = StepLR(optimizer: opt, stepSize: 2)
        var state = ExponentialLR(optimizer: opt, gamma: 0.5).state
        #expect(throws: NNError.invalidState("scheduler state: a \"ExponentialLR\" state, the scheduler is a StepLR")) { try step.restore(state) }
        let restarts = CosineAnnealingWarmRestarts(optimizer: opt, t0: 3)
        state = restarts.state
        state.counters["cycleStep"] = 5
        #expect(throws: NNError.self) { try restarts.restore(state) }
        state.counters["cycleStep"] = nil
        #expect(throws: NNError.invalidState("scheduler state: CosineAnnealingWarmRestarts needs the counter \"cycleStep\"")) {
            try restarts.restore(state)
        }
        let chained = ChainedScheduler([StepLR(optimizer: opt, stepSize: 2)])
        state = chained.state
        state.children = []
        #expect(throws: NNError.self) { try chained.restore(state) }
    }
}

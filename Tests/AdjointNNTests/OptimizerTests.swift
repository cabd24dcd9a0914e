import Foundation
import Testing
@testable import AdjointNN

// Update rules against hand-computed steps, the SPEC's equivalences between weight decay and
// L2 penalties, and the optimizer state round trip.

@Suite struct OptimizerRules {
    /// One parameter and the gradients of three steps.
    static let w0: [Double] = [0.5, -1.2, 2.0]
    static let gradients: [[Double]] = [[0.1, -0.3, 0.8], [-0.4, 0.2, 0.5], [0.3, 0.3, -0.9]]

    /// Runs `optimizer` on a parameter named "w" with the fixed gradients.
    static func run(_ makeOptimizer: ([(name: String, variable: Variable<Double>)]) -> Optimizer<Double>) -> [Double] {
        let w = Variable(Tensor(w0))
        let optimizer = makeOptimizer([("w", w)])
        for g in gradients {
            w.grad = Tensor(g)
            optimizer.step()
        }
        return w.value.scalars
    }

    static func check(_ label: String, _ got: [Double], _ expected: [Double]) -> Double {
        let error = relativeError(Tensor(got), Tensor(expected))
        print("\(label) after 3 steps: relative error \(error)")
        return error
    }

    @Test func momentum() {
        let (lr, mu) = (0.1, 0.9)
        var w = Self.w0, v = [0.0, 0, 0]
        for g in Self.gradients {
            for i in 0..<3 {
                v[i] = mu * v[i] - lr * g[i]
                w[i] += v[i]
            }
        }
        #expect(Self.check("momentum", Self.run { Momentum($0, learningRate: lr, momentum: mu) }, w) < 1e-14)
    }

    @Test func nesterov() {
        let (lr, mu) = (0.1, 0.9)
        var w = Self.w0, v = [0.0, 0, 0]
        for g in Self.gradients {
            for i in 0..<3 {
                let old = v[i]
                v[i] = mu * v[i] - lr * g[i]
                w[i] += -mu * old + (1 + mu) * v[i]
            }
        }
        let got = Self.run { Momentum($0, learningRate: lr, momentum: mu, nesterov: true) }
        #expect(Self.check("nesterov", got, w) < 1e-14)
        // Nesterov must differ from plain momentum on these gradients.
        #expect(relativeError(Tensor(got), Tensor(Self.run { Momentum($0, learningRate: lr, momentum: mu) })) > 1e-3)
    }

    @Test func rmsprop() {
        let (lr, decay, eps) = (0.01, 0.99, 1e-8)
        var w = Self.w0, cache = [0.0, 0, 0]
        for g in Self.gradients {
            for i in 0..<3 {
                cache[i] = decay * cache[i] + (1 - decay) * g[i] * g[i]
                w[i] -= lr * g[i] / (cache[i].squareRoot() + eps)
            }
        }
        #expect(Self.check("rmsprop", Self.run { RMSprop($0, learningRate: lr) }, w) < 1e-14)
    }

    @Test func adam() {
        let (lr, b1, b2, eps) = (0.01, 0.9, 0.999, 1e-8)
        var w = Self.w0, m = [0.0, 0, 0], v = [0.0, 0, 0]
        for (step, g) in Self.gradients.enumerated() {
            let t = Double(step + 1)
            for i in 0..<3 {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                w[i] -= lr * (m[i] / (1 - pow(b1, t))) / ((v[i] / (1 - pow(b2, t))).squareRoot() + eps)
            }
        }
        #expect(Self.check("adam", Self.run { Adam($0, learningRate: lr) }, w) < 1e-14)
    }

    @Test func parametersWithoutGradientsAreLeftAlone() {
        let w = Variable(Tensor(Self.w0)), frozen = Variable(Tensor<Double>([1, 2]))
        let optimizer = Momentum([("w", w), ("frozen", frozen)], learningRate: 0.1, weightDecay: 0.1)
        w.grad = Tensor(Self.gradients[0])
        optimizer.step()
        #expect(frozen.value.scalars == [1, 2])
        #expect(w.value.scalars != Self.w0)
    }
}

@Suite struct WeightDecayEquivalences {
    static let data: (x: Tensor<Double>, labels: [Int]) = {
        var rng = SeededGenerator(seed: 1)
        return (Tensor<Double>.randn([16, 6], using: &rng), (0..<16).map { _ in rng.nextInt(below: 3) })
    }()

    static func model() -> TwoLayerNet<Double> {
        TwoLayerNet(inputSize: 6, hiddenSize: 10, classes: 3, weightScale: 0.3, seed: 2)
    }

    /// Trains `net` for 20 full-batch steps; `penalty` is added to the data loss.
    static func train(_ net: TwoLayerNet<Double>, _ optimizer: Optimizer<Double>,
                      penalty: (Variable<Double>) -> Variable<Double> = { _ in Variable(constant: Tensor(0)) }) {
        for _ in 0..<20 {
            var loss = softmaxCrossEntropy(net(data.x), labels: data.labels)
            for (_, w) in net.parameters { loss = loss + penalty(w) }
            net.zeroGrad()
            loss.backward()
            optimizer.step()
        }
    }

    /// SPEC: `w - lr dw - wd w` equals L2 `lambda sum(w^2)` with `lambda = wd / (2 lr)` under SGD
    /// (lr 0.01, wd 1e-4: lambda 5e-3). Every parameter is decayed, so every one is penalised.
    @Test func sgdWeightDecayEqualsL2Penalty() {
        let (lr, wd) = (0.01, 1e-4)
        let decayed = Self.model(), penalised = Self.model(), plain = Self.model()
        Self.train(decayed, SGD(decayed.parameters, learningRate: lr, weightDecay: wd))
        Self.train(penalised, SGD(penalised.parameters, learningRate: lr)) { l2Penalty($0, lambda: wd / (2 * lr)) }
        Self.train(plain, SGD(plain.parameters, learningRate: lr))
        let error = relativeError(flatParameters(decayed), flatParameters(penalised))
        let effect = relativeError(flatParameters(decayed), flatParameters(plain))
        print("SGD weight decay vs L2 after 20 steps: relative error \(error); vs no decay \(effect)")
        #expect(error < 1e-10)
        #expect(effect > 1e-7)
    }

    /// Adam's `l2` option is the penalty `0.5 l2 sum(w^2)` added to the loss...
    @Test func adamL2OptionEqualsHalfL2Penalty() {
        let l2 = 0.5
        let option = Self.model(), penalised = Self.model()
        Self.train(option, Adam(option.parameters, learningRate: 1e-2, l2: l2))
        Self.train(penalised, Adam(penalised.parameters, learningRate: 1e-2)) { halfL2Penalty($0, reg: l2) }
        let error = relativeError(flatParameters(option), flatParameters(penalised))
        print("Adam l2 option vs halfL2Penalty after 20 steps: relative error \(error)")
        #expect(error < 1e-9)
    }

    /// ...while decoupled weight decay with the SGD-equivalent strength is a different
    /// trajectory (AdamW vs Adam + L2).
    @Test func adamWeightDecayDiffersFromL2() {
        let (lr, wd) = (1e-2, 1e-2)
        let decoupled = Self.model(), coupled = Self.model()
        Self.train(decoupled, Adam(decoupled.parameters, learningRate: lr, weightDecay: wd))
        Self.train(coupled, Adam(coupled.parameters, learningRate: lr)) { l2Penalty($0, lambda: wd / (2 * lr)) }
        let a = flatParameters(decoupled), b = flatParameters(coupled)
        let difference = ((a - b).squared().sum() / a.squared().sum()).sqrt().scalar
        print("Adam weight decay vs Adam + L2 after 20 steps: |difference| / |w| = \(difference)")
        #expect(difference > 1e-2)
    }
}

@Suite struct OptimizerState {
    static func parameters() -> [(name: String, variable: Variable<Double>)] {
        [("W1", Variable(Tensor<Double>([1, -2, 3, 0.5], shape: [2, 2]))), ("b1", Variable(Tensor<Double>([0.1, 0.2])))]
    }

    static func step(_ optimizer: Optimizer<Double>, _ k: Int) {
        for (name, variable) in optimizer.parameters {
            variable.grad = variable.value * Double(k) * 0.1 + (name == "b1" ? 1 : -1)
        }
        optimizer.step()
    }

    @Test func roundTripResumesExactly() throws {
        let original = Adam(Self.parameters(), learningRate: 3e-3)
        for k in 1...3 { Self.step(original, k) }
        let state = original.state
        #expect(Set(state.keys) == ["W1.m", "W1.v", "b1.m", "b1.v", "step", "learning_rate"])
        #expect(state["step"]?.scalar == 3)

        // A fresh optimizer over copies of the current values, loaded with the state.
        let copies = original.parameters.map { (name: $0.name, variable: Variable($0.variable.value)) }
        let resumed = Adam(copies, learningRate: 1)
        try resumed.load(state: state)
        #expect(resumed.stepCount == 3 && resumed.learningRate == 3e-3)
        for k in 4...5 {
            Self.step(original, k)
            Self.step(resumed, k)
        }
        for (a, b) in zip(original.parameters, resumed.parameters) {
            #expect(a.variable.value == b.variable.value, "\(a.name)")
        }
        #expect(resumed.state == original.state)
    }

    @Test func momentumStateHasVelocities() {
        let optimizer = Momentum(Self.parameters(), learningRate: 0.1)
        Self.step(optimizer, 1)
        #expect(Set(optimizer.state.keys) == ["W1.velocity", "b1.velocity", "step", "learning_rate"])
    }

    @Test func unknownParameterInStateThrows() {
        let optimizer = Adam(Self.parameters())
        let error = #expect(throws: NNError.self) { try optimizer.load(state: ["W9.m": .zeros([2, 2])]) }
        #expect(error == .unknownParameter("W9.m", available: ["W1", "b1"]))
        #expect(error?.description == "no parameter named \"W9.m\"; the model has: W1, b1")
        #expect(throws: NNError.unknownParameter("velocity", available: ["W1", "b1"])) {
            try optimizer.load(state: ["velocity": .zeros([2])])
        }
    }

    @Test func wrongShapeInStateThrows() {
        let optimizer = Adam(Self.parameters())
        let error = #expect(throws: NNError.self) { try optimizer.load(state: ["b1.v": .zeros([3])]) }
        #expect(error == .shapeMismatch("optimizer state \"b1.v\"", expected: [2], got: [3]))
        #expect(error?.description == "optimizer state \"b1.v\": expected shape [2], got [3]")
    }
}

import Foundation
import Testing
@testable import AdjointNN

// Update rules against hand-computed steps, the SPEC's equivalences between weight decay and
// L2 penalties, and the optimizer state round trip.

@Suite struct OptimizerRules {
    /// One parameter and the gradients of three steps.
    static let w0: [Double] = [0.5, -1.2, 2.0]
    static let gradients: [[Double]] = [[0.1, -0.3, 0.8], [-0.4, 0.2, 0.5], [0.3, 0.3, -0.9]]

    /// Runs `optimizer` on one parameter with the fixed gradients.
    static func run(_ makeOptimizer: ([Variable<Double>]) -> Optimizer<Double>) -> [Double] {
        let w = Variable(Tensor(w0))
        let optimizer = makeOptimizer([w])
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

    /// `zeroGrad` clears its own parameters' gradients and no one else's.
    @Test func zeroGradClearsOnlyItsParameters() {
        let (a, b, other) = (Variable(Tensor(Self.w0)), Variable(Tensor(Self.w0)), Variable(Tensor(Self.w0)))
        for v in [a, b, other] { v.grad = Tensor(Self.gradients[0]) }
        SGD([a, b], learningRate: 0.1).zeroGrad()
        #expect(a.grad == nil && b.grad == nil)
        #expect(other.grad?.scalars == Self.gradients[0])
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
        let optimizer = Momentum([w, frozen], learningRate: 0.1, weightDecay: 0.1)
        w.grad = Tensor(Self.gradients[0])
        optimizer.step()
        #expect(frozen.value.scalars == [1, 2])
        #expect(w.value.scalars != Self.w0)
        // The frozen parameter has no state yet; the updated one has its velocity.
        #expect(optimizer.state.slots[0].count == 1 && optimizer.state.slots[1].isEmpty)
    }
}

/// Adagrad against its rule written out in Double: `g += wd w; c += g^2; w -= lr g / (sqrt(c) + eps)`
/// (PyTorch's coupled decay), over five steps of changing gradients on a 2x3 parameter.
@Suite struct AdagradRule {
    static let w0: [Double] = [0.5, -1.2, 2.0, 0.03, -0.7, 1.1]
    static let gradients: [[Double]] = {
        var rng = SeededGenerator(seed: 21)
        return (0..<5).map { _ in (0..<6).map { _ in 2 * rng.nextUniform() - 1 } }
    }()

    @Test(arguments: [(0.1, 0.0, 1e-10), (0.05, 1e-2, 1e-10), (0.3, 0.0, 0.5)])
    func trajectoryMatchesTheRule(learningRate lr: Double, weightDecay wd: Double, epsilon eps: Double) throws {
        var w = Self.w0, sum = [Double](repeating: 0, count: 6)
        var expected: [[Double]] = []
        for g in Self.gradients {
            for i in 0..<6 {
                let decayed = g[i] + wd * w[i]
                sum[i] += decayed * decayed
                w[i] = w[i] - lr * decayed / (sum[i].squareRoot() + eps)
            }
            expected.append(w)
        }

        let parameter = Variable(Tensor(Self.w0, shape: [2, 3]))
        let optimizer = Adagrad([parameter], learningRate: lr, weightDecay: wd, epsilon: eps)
        #expect(optimizer.slotNames == ["sum"])
        var worst = 0.0
        for (step, g) in Self.gradients.enumerated() {
            parameter.grad = Tensor(g, shape: [2, 3])
            optimizer.step()
            #expect(parameter.shape == [2, 3])
            worst = max(worst, relativeError(Tensor(parameter.value.scalars), Tensor(expected[step])))
        }
        print("adagrad lr \(lr) wd \(wd) eps \(eps): worst relative error over 5 steps \(worst)")
        #expect(worst < 1e-14)
        let state = optimizer.state
        #expect(state.stepCount == 5)
        let cache = try #require(state.slots.first?.first)
        #expect(cache.shape == [2, 3])
        #expect(relativeError(Tensor(cache.scalars), Tensor(sum)) < 1e-15)
    }

    /// With a constant gradient `g`, step `k` moves each weight by `lr g / (sqrt(k) |g|)`:
    /// Adagrad's steps shrink like `1 / sqrt(k)`.
    @Test func constantGradientStepsShrinkLikeOneOverRootK() {
        let w = Variable(Tensor<Double>([0, 0]))
        let optimizer = Adagrad([w], learningRate: 0.1, epsilon: 0)
        var previous = w.value.scalars
        for k in 1...5 {
            w.grad = Tensor([2, -0.5])
            optimizer.step()
            let moved = zip(w.value.scalars, previous).map { $0 - $1 }
            #expect(abs(moved[0] - (-0.1 / Double(k).squareRoot())) < 1e-15)
            #expect(abs(moved[1] - 0.1 / Double(k).squareRoot()) < 1e-15)
            previous = w.value.scalars
        }
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
            for w in net.parameters { loss = loss + penalty(w) }
            net.zeroGrad()
            loss.backward()
            optimizer.step()
        }
    }

    /// SPEC: the course's `w - lr dw - wd w` equals L2 `lambda sum(w^2)` with `lambda = wd / (2 lr)`
    /// under SGD (lr 0.01, wd 1e-4: lambda 5e-3). Every parameter is decayed, so every one is penalised.
    @Test func sgdDecoupledDecayEqualsL2Penalty() {
        let (lr, wd) = (0.01, 1e-4)
        let decayed = Self.model(), penalised = Self.model(), plain = Self.model()
        let sgd = SGD(decayed.parameters, learningRate: lr)
        sgd.decoupledDecay = wd
        Self.train(decayed, sgd)
        Self.train(penalised, SGD(penalised.parameters, learningRate: lr)) { l2Penalty($0, lambda: wd / (2 * lr)) }
        Self.train(plain, SGD(plain.parameters, learningRate: lr))
        let error = relativeError(flatParameters(decayed), flatParameters(penalised))
        let effect = relativeError(flatParameters(decayed), flatParameters(plain))
        print("SGD weight decay vs L2 after 20 steps: relative error \(error); vs no decay \(effect)")
        #expect(error < 1e-10)
        #expect(effect > 1e-7)
    }

    /// PyTorch's coupled `weightDecay` in SGD is the penalty `wd/2 sum(w^2)` added to the loss.
    @Test func sgdWeightDecayEqualsHalfL2Penalty() {
        let (lr, wd) = (0.01, 1e-2)
        let decayed = Self.model(), penalised = Self.model()
        Self.train(decayed, SGD(decayed.parameters, learningRate: lr, momentum: 0.9, weightDecay: wd))
        Self.train(penalised, SGD(penalised.parameters, learningRate: lr, momentum: 0.9)) { halfL2Penalty($0, reg: wd) }
        let error = relativeError(flatParameters(decayed), flatParameters(penalised))
        print("SGD weightDecay vs halfL2Penalty after 20 steps: relative error \(error)")
        #expect(error < 1e-10)
    }

    /// Adam's `weightDecay` (coupled, as PyTorch's) is the penalty `0.5 wd sum(w^2)` added to the loss...
    @Test func adamWeightDecayEqualsHalfL2Penalty() {
        let l2 = 0.5
        let option = Self.model(), penalised = Self.model()
        Self.train(option, Adam(option.parameters, learningRate: 1e-2, weightDecay: l2))
        Self.train(penalised, Adam(penalised.parameters, learningRate: 1e-2)) { halfL2Penalty($0, reg: l2) }
        let error = relativeError(flatParameters(option), flatParameters(penalised))
        print("Adam weightDecay vs halfL2Penalty after 20 steps: relative error \(error)")
        #expect(error < 1e-9)
    }

    /// ...while decoupled weight decay with the SGD-equivalent strength is a different
    /// trajectory (AdamW vs Adam + L2).
    @Test func adamWDiffersFromL2() {
        let (lr, wd) = (1e-2, 1e-2)
        let decoupled = Self.model(), coupled = Self.model()
        Self.train(decoupled, AdamW(decoupled.parameters, learningRate: lr, weightDecay: wd / lr))
        Self.train(coupled, Adam(coupled.parameters, learningRate: lr)) { l2Penalty($0, lambda: wd / (2 * lr)) }
        let a = flatParameters(decoupled), b = flatParameters(coupled)
        let difference = ((a - b).squared().sum() / a.squared().sum()).sqrt().scalar
        print("Adam weight decay vs Adam + L2 after 20 steps: |difference| / |w| = \(difference)")
        #expect(difference > 1e-2)
    }
}

@Suite struct OptimizerState {
    static func parameters() -> [Variable<Double>] {
        [Variable(Tensor<Double>([1, -2, 3, 0.5], shape: [2, 2])), Variable(Tensor<Double>([0.1, 0.2]))]
    }

    static func step(_ optimizer: Optimizer<Double>, _ k: Int) {
        for (i, variable) in optimizer.parameters.enumerated() {
            variable.grad = variable.value * Double(k) * 0.1 + (i == 1 ? 1 : -1)
        }
        optimizer.step()
    }

    @Test func roundTripResumesExactly() throws {
        let original = Adam(Self.parameters(), learningRate: 3e-3)
        #expect(original.state.slots == [[], []])
        for k in 1...3 { Self.step(original, k) }
        let state = original.state
        #expect(original.slotNames == ["m", "v"])
        #expect(state.stepCount == 3 && state.learningRate == 3e-3)
        #expect(state.slots.map { $0.map(\.shape) } == [[[2, 2], [2, 2]], [[2], [2]]])

        // A fresh optimizer over copies of the current values, given the state.
        let copies = original.parameters.map { Variable($0.value) }
        let resumed = Adam(copies, learningRate: 1)
        try resumed.restore(state)
        #expect(resumed.stepCount == 3 && resumed.learningRate == 3e-3)
        #expect(resumed.state == state)
        for k in 4...5 {
            Self.step(original, k)
            Self.step(resumed, k)
        }
        for (i, (a, b)) in zip(original.parameters, resumed.parameters).enumerated() {
            #expect(a.value == b.value, "parameter \(i)")
        }
        #expect(resumed.state == original.state)
        #expect(resumed.state.stepCount == 5)
    }

    @Test func momentumStateHasVelocities() throws {
        let optimizer = Momentum(Self.parameters(), learningRate: 0.1)
        #expect(optimizer.slotNames == ["velocity"])
        let gradient = optimizer.parameters[1].value * 0.1 + 1
        Self.step(optimizer, 1)
        let slots = optimizer.state.slots
        #expect(slots.map(\.count) == [1, 1])
        // The first velocity is -lr * g.
        let velocity = try #require(slots[1].first)
        #expect(relativeError(velocity, gradient * -0.1) < 1e-15)
    }

    @Test func aParameterNotYetUpdatedMayHaveNoState() throws {
        let optimizer = Adam(Self.parameters())
        try optimizer.restore(.init(stepCount: 2, learningRate: 1e-3, slots: [[.ones([2, 2]), .ones([2, 2])], []]))
        #expect(optimizer.state.slots[1].isEmpty && optimizer.state.stepCount == 2)
    }

    /// Each refusal names what is wrong, and leaves the optimizer as it was.
    @Test func restoreRefusesStatesThatDoNotFit() throws {
        let optimizer = Adam(Self.parameters(), learningRate: 1e-3)
        Self.step(optimizer, 1)
        let before = optimizer.state
        let good = before.slots
        func refusal(_ state: Optimizer<Double>.State) -> NNError? {
            #expect(throws: NNError.self) { try optimizer.restore(state) }
        }
        #expect(refusal(.init(stepCount: 1, learningRate: 1e-3, slots: [good[0]]))
                == .invalidState("optimizer state: 1 parameters, the optimizer has 2"))
        let slotCount = refusal(.init(stepCount: 1, learningRate: 1e-3, slots: [[good[0][0]], good[1]]))
        #expect(slotCount == .invalidState("optimizer state: parameter 0 has 1 slots, Adam<Double> keeps 2 (m, v)"))
        #expect(refusal(.init(stepCount: 1, learningRate: 1e-3, slots: [good[0] + [good[0][0]], good[1]])) != nil)
        let shape = refusal(.init(stepCount: 1, learningRate: 1e-3, slots: [good[0], [good[1][0], .zeros([3])]]))
        #expect(shape == .shapeMismatch("optimizer state v of parameter 1", expected: [2], got: [3]))
        #expect(shape?.description == "optimizer state v of parameter 1: expected shape [2], got [3]")
        #expect(refusal(.init(stepCount: -1, learningRate: 1e-3, slots: good))
                == .invalidState("optimizer state: step count -1 is negative"))
        for rate in [Double.nan, .infinity, -.infinity] {
            #expect(refusal(.init(stepCount: 1, learningRate: rate, slots: good))
                    == .invalidState("optimizer state: learning rate \(rate) is not finite"))
        }
        #expect(optimizer.state == before)
        #expect(optimizer.learningRate == 1e-3 && optimizer.stepCount == 1)
    }

    @Test func sgdKeepsNoState() {
        let optimizer = SGD(Self.parameters(), learningRate: 0.1)
        Self.step(optimizer, 1)
        #expect(optimizer.slotNames.isEmpty)
        #expect(optimizer.state.slots == [[], []])
        #expect(throws: NNError.invalidState("optimizer state: parameter 1 has 1 slots, SGD<Double> keeps 0 ()")) {
            try optimizer.restore(.init(stepCount: 1, learningRate: 0.1, slots: [[], [.zeros([2])]]))
        }
    }
}

/// `clipGradients` scales all gradients by one factor so that their joint norm is at most
/// `maxNorm`, and returns the norm they had.
@Suite struct GradientClippingTests {
    @Test func scalesTheJointNormDown() {
        let a = Variable(Tensor<Double>([0, 0])), b = Variable(Tensor<Double>([0])), frozen = Variable(Tensor<Double>([1]))
        a.grad = Tensor([3, 0])
        b.grad = Tensor([4])
        let norm = clipGradients([a, b, frozen], maxNorm: 1)
        #expect(norm == 5)
        // One factor, 1/5, for all: the joint norm becomes 1.
        #expect(relativeError(a.grad!, Tensor([0.6, 0])) < 1e-15 && relativeError(b.grad!, Tensor([0.8])) < 1e-15)
        #expect(abs((a.grad!.squared().sum() + b.grad!.squared().sum()).scalar - 1) < 1e-15)
        #expect(frozen.grad == nil)
    }

    @Test func leavesSmallGradientsAlone() {
        let a = Variable(Tensor<Double>([0, 0]))
        a.grad = Tensor([0.3, -0.4])
        #expect(clipGradients([a], maxNorm: 1) == 0.5)
        #expect(a.grad?.scalars == [0.3, -0.4])
    }
}

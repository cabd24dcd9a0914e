import Testing
import AdjointReference

/// The update rules, element by element against the SPEC's formulas, and the equivalence (for
/// SGD) or not (for Adam) of decoupled weight decay and an L2 penalty.
@Suite struct UpdateRuleTests {
    /// A fixed softmax-regression problem: the data loss's gradient with respect to `w`.
    struct Problem {
        let x: T
        let y: [Int]
        init() {
            var rng = SeededGenerator(seed: 60)
            x = T.randn([16, 6], using: &rng)
            y = randomLabels(16, classes: 4, using: &rng)
        }
        func gradient(_ w: T) -> T {
            let (scores, cache) = R.affineForward(x, w, .zeros([4]))
            return R.affineBackward(R.softmaxLoss(scores, y).dx, cache: cache).dw
        }
        var start: T {
            var rng = SeededGenerator(seed: 61)
            return T.randn([6, 4], using: &rng)
        }
    }

    @Test func sgdWeightDecayEqualsL2() {
        let problem = Problem()
        let (lr, wd) = (0.01, 1e-4)
        let lambda = wd / (2 * lr)
        var decayed = problem.start, penalised = problem.start
        for _ in 0..<20 {
            R.sgdStep(&decayed, problem.gradient(decayed), learningRate: lr, weightDecay: wd)
            let dw = problem.gradient(penalised) + R.l2Penalty(penalised, lambda: lambda).dw
            R.sgdStep(&penalised, dw, learningRate: lr)
        }
        let error = report("SGD wd 1e-4 vs L2 lambda 5e-3, 20 steps", relativeError(decayed, penalised))
        #expect(error < 1e-11)
        #expect(relativeError(decayed, problem.start) > 1e-3, "the steps moved the weights")
    }

    @Test func adamWeightDecayDiffersFromL2() {
        let problem = Problem()
        let (lr, wd) = (0.01, 1e-3)
        let lambda = wd / (2 * lr)
        var decayed = problem.start, penalised = problem.start
        var decayedState = R.AdamState(like: decayed), penalisedState = R.AdamState(like: penalised)
        for _ in 0..<20 {
            R.adamStep(&decayed, problem.gradient(decayed), state: &decayedState, learningRate: lr, weightDecay: wd)
            let dw = problem.gradient(penalised) + R.l2Penalty(penalised, lambda: lambda).dw
            R.adamStep(&penalised, dw, state: &penalisedState, learningRate: lr)
        }
        let difference = (decayed - penalised).abs().max().scalar
        print("  AdamW vs Adam + L2 after 20 steps: max |difference| \(difference), "
              + "rel error \(relativeError(decayed, penalised))")
        #expect(difference > 1e-2)
    }

    @Test func momentumRMSpropAndAdamByElement() {
        let w0 = T(linspace: -0.4, 0.6, count: 20).reshaped([4, 5])
        let dw = T(linspace: -0.6, 0.4, count: 20).reshaped([4, 5])
        let v0 = T(linspace: 0.6, 0.9, count: 20).reshaped([4, 5])
        let c0 = T(linspace: 0.7, 0.5, count: 20).reshaped([4, 5])
        let (lr, mu, decay, eps) = (1e-2, 0.9, 0.99, 1e-8)

        var w = w0, velocity = v0
        R.sgdMomentumStep(&w, dw, velocity: &velocity, learningRate: lr, momentum: mu)
        let expectedVelocity = zip(v0.scalars, dw.scalars).map { mu * $0 - lr * $1 }
        #expect(relativeError(velocity, T(expectedVelocity, shape: [4, 5])) < 1e-14)
        #expect(relativeError(w, T(zip(w0.scalars, expectedVelocity).map { $0 + $1 }, shape: [4, 5])) < 1e-14)

        var w2 = w0, cache = c0
        R.rmspropStep(&w2, dw, cache: &cache, learningRate: lr, decayRate: decay, epsilon: eps)
        let expectedCache = zip(c0.scalars, dw.scalars).map { decay * $0 + (1 - decay) * $1 * $1 }
        #expect(relativeError(cache, T(expectedCache, shape: [4, 5])) < 1e-14)
        let expectedW2 = (0..<20).map { w0.scalars[$0] - lr * dw.scalars[$0] / (expectedCache[$0].squareRoot() + eps) }
        #expect(relativeError(w2, T(expectedW2, shape: [4, 5])) < 1e-14)

        // Adam from zero moments: the first step is lr * sign(dw) (up to eps), plus the decay.
        var w3 = w0, state = R.AdamState(like: w0)
        R.adamStep(&w3, dw, state: &state, learningRate: lr, weightDecay: 1e-3)
        #expect(state.t == 1)
        let expectedW3 = (0..<20).map { w0.scalars[$0] - lr * (dw.scalars[$0] > 0 ? 1 : -1) - 1e-3 * w0.scalars[$0] }
        #expect(relativeError(w3, T(expectedW3, shape: [4, 5])) < 1e-6)
    }
}

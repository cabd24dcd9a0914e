import Testing
import AdjointReference
import AdjointChecks

/// Every reference backward against centred-difference numerical gradients (h = 1e-5), on
/// random inputs and random upstream gradients, in Double.
@Suite struct LayerGradientTests {
    @Test func affineWithImageShapedInput() {
        var rng = SeededGenerator(seed: 1)
        let x = T.randn([10, 2, 3, 4], using: &rng)
        let w = T.randn([24, 5], using: &rng)
        let b = T.randn([5], using: &rng)
        let dout = T.randn([10, 5], using: &rng)
        let (out, cache) = R.affineForward(x, w, b)
        #expect(out.shape == [10, 5])
        let (dx, dw, db) = R.affineBackward(dout, cache: cache)
        #expect(dx.shape == x.shape)
        checkGradient("affine dx", analytic: dx, at: x, upstream: dout, tolerance: 1e-8) { R.affineForward($0, w, b).out }
        checkGradient("affine dw", analytic: dw, at: w, upstream: dout, tolerance: 1e-8) { R.affineForward(x, $0, b).out }
        checkGradient("affine db", analytic: db, at: b, upstream: dout, tolerance: 1e-8) { R.affineForward(x, w, $0).out }
    }

    @Test func flattenRoundTrip() {
        var rng = SeededGenerator(seed: 2)
        let x = T.randn([15, 2, 2, 3], using: &rng)
        let (flat, shape) = R.flattenForward(x)
        #expect(flat.shape == [15, 12])
        #expect(R.flattenBackward(flat, cache: shape) == x)
    }

    /// At exactly 0 the centred difference sees `(relu(h) - relu(-h)) / 2h = 1/2` (times the
    /// upstream gradient): the midpoint of the two one-sided slopes, which neither `>` nor `>=`
    /// reproduces. Exact zeros are therefore left out of the numerical comparison; the reference
    /// must give exactly 0 there.
    @Test func reluIncludingExactZeros() {
        var rng = SeededGenerator(seed: 3)
        var x = T.randn([10, 10], using: &rng)
        let zeros = [0, 7, 23, 42, 99]
        x.withUnsafeMutableBufferPointer { for i in zeros { $0[i] = 0 } }
        let dout = T.randn([10, 10], using: &rng)
        let dx = R.reluBackward(dout, cache: R.reluForward(x).cache)
        let numerical = numericalGradient(of: { R.reluForward($0).out }, at: x, upstream: dout)

        let keep = T((0..<100).map { zeros.contains($0) ? 0 : 1 }, shape: [10, 10])
        GradientComparison(dx * keep, numerical * keep, magnitude: (x.abs() * dout.abs()).sum().scalar)
            .expect(below: 1e-8, "relu dx (exact zeros excluded)")
        for i in zeros {
            #expect(dx.scalars[i] == 0)
            #expect(abs(numerical.scalars[i] - dout.scalars[i] / 2) < 1e-9)
        }
    }

    @Test func gelu() {
        var rng = SeededGenerator(seed: 4)
        let x = T.randn([15, 15], using: &rng)
        let dout = T.randn([15, 15], using: &rng)
        let dx = R.geluBackward(dout, cache: R.geluForward(x).cache)
        checkGradient("gelu dx", analytic: dx, at: x, upstream: dout, tolerance: 1e-8) { R.geluForward($0).out }
    }

    @Test(arguments: [R.DropoutProbability<Double>.drop(0.25), .drop(0.8), .keep(0.75), .keep(0.2)])
    func dropout(_ probability: R.DropoutProbability<Double>) {
        var rng = SeededGenerator(seed: 5)
        let x = T.randn([10, 10], using: &rng) + 10
        let dout = T.randn([10, 10], using: &rng)
        func forward(_ x: T) -> (out: T, cache: R.DropoutCache<Double>) {
            var masks = SeededGenerator(seed: 123)
            return R.dropoutForward(x, probability, mode: .train, using: &masks)
        }
        let dx = R.dropoutBackward(dout, cache: forward(x).cache)
        checkGradient("dropout \(probability) dx", analytic: dx, at: x, upstream: dout, tolerance: 1e-8) { forward($0).out }

        var unused = SeededGenerator(seed: 123)
        let (testOut, testCache) = R.dropoutForward(x, probability, mode: .test, using: &unused)
        #expect(testOut == x)
        #expect(R.dropoutBackward(dout, cache: testCache) == dout)
        #expect(unused == SeededGenerator(seed: 123), "test mode draws nothing")
    }

    @Test func dropoutMaskIsReproducibleAndRowMajor() {
        let x = T.ones([3, 4])
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let first = R.dropoutForward(x, .drop(0.5), mode: .train, using: &a).out
        #expect(R.dropoutForward(x, .drop(0.5), mode: .train, using: &b).out == first)
        // The mask is one uniform draw per element, in row-major order.
        var draws = SeededGenerator(seed: 9)
        let u = (0..<12).map { _ in draws.nextUniform() }
        #expect(first.scalars == u.map { $0 >= 0.5 ? 2 : 0 })
        var c = SeededGenerator(seed: 9)
        #expect(R.dropoutForward(x, .keep(0.5), mode: .train, using: &c).out.scalars == u.map { $0 < 0.5 ? 2 : 0 })
    }

    @Test func batchnormTrainMode() {
        var rng = SeededGenerator(seed: 6)
        let (n, d) = (4, 5)
        let x = 5 * T.randn([n, d], using: &rng) + 12
        let gamma = T.randn([d], using: &rng)
        let beta = T.randn([d], using: &rng)
        let dout = T.randn([n, d], using: &rng)
        func forward(_ x: T, _ gamma: T, _ beta: T) -> (out: T, cache: R.BatchNormCache<Double>) {
            var running = R.BatchNormRunning<Double>(features: d)
            return R.batchnormForward(x, gamma: gamma, beta: beta, running: &running, mode: .train)
        }
        let (dx, dgamma, dbeta) = R.batchnormBackward(dout, cache: forward(x, gamma, beta).cache)
        checkGradient("batchnorm train dx", analytic: dx, at: x, upstream: dout, tolerance: 1e-8) { forward($0, gamma, beta).out }
        checkGradient("batchnorm train dgamma", analytic: dgamma, at: gamma, upstream: dout, tolerance: 1e-8) { forward(x, $0, beta).out }
        checkGradient("batchnorm train dbeta", analytic: dbeta, at: beta, upstream: dout, tolerance: 1e-8) { forward(x, gamma, $0).out }
    }

    @Test func batchnormTestMode() {
        var rng = SeededGenerator(seed: 7)
        let (n, d) = (6, 3)
        let x = T.randn([n, d], using: &rng)
        let gamma = T.randn([d], using: &rng), beta = T.randn([d], using: &rng)
        let dout = T.randn([n, d], using: &rng)
        var running = R.BatchNormRunning<Double>(features: d)
        running.mean = T.randn([d], using: &rng)
        running.variance = T.randn([d], using: &rng).abs() + 0.5
        let frozen = running
        func forward(_ x: T, _ gamma: T) -> (out: T, cache: R.BatchNormCache<Double>) {
            var stats = frozen
            return R.batchnormForward(x, gamma: gamma, beta: beta, running: &stats, mode: .test)
        }
        let (dx, dgamma, _) = R.batchnormBackward(dout, cache: forward(x, gamma).cache)
        checkGradient("batchnorm test dx", analytic: dx, at: x, upstream: dout, tolerance: 1e-8) { forward($0, gamma).out }
        checkGradient("batchnorm test dgamma", analytic: dgamma, at: gamma, upstream: dout, tolerance: 1e-8) { forward(x, $0).out }
    }

    @Test(arguments: [true, false])
    func softmaxLoss(sizeAverage: Bool) {
        var rng = SeededGenerator(seed: 8)
        let x = T.randn([50, 10], using: &rng)
        let y = randomLabels(50, classes: 10, using: &rng)
        let (_, dx) = R.softmaxLoss(x, y, sizeAverage: sizeAverage)
        checkGradient("softmax loss dx (sizeAverage \(sizeAverage))", analytic: dx, at: x, tolerance: 1e-8) {
            R.softmaxLoss($0, y, sizeAverage: sizeAverage).loss
        }
        #expect(abs(R.softmaxLoss(x, y, sizeAverage: false).loss - 50 * R.softmaxLoss(x, y).loss) < 1e-10)
    }

    @Test func svmLoss() {
        var rng = SeededGenerator(seed: 9)
        let x = 0.5 * T.randn([50, 10], using: &rng)
        let y = randomLabels(50, classes: 10, using: &rng)
        let (loss, dx) = R.svmLoss(x, y)
        #expect(loss > 0)
        checkGradient("svm loss dx", analytic: dx, at: x, tolerance: 1e-8) { R.svmLoss($0, y).loss }
    }

    @Test func svmLossByHand() {
        // One row, true class 0 scoring 1: margins max(0, s_j - 1 + 1) = [0, 2, 0]; loss 2.
        let (loss, dx) = R.svmLoss(T([1, 2, -3], shape: [1, 3]), [0])
        #expect(loss == 2)
        #expect(dx.scalars == [-1, 1, 0])
    }

    @Test func penalties() {
        var rng = SeededGenerator(seed: 10)
        let w = T.randn([6, 7], using: &rng)
        checkGradient("l2 penalty lambda*sum(w^2)", analytic: R.l2Penalty(w, lambda: 0.3).dw, at: w, tolerance: 1e-8) {
            R.l2Penalty($0, lambda: 0.3).loss
        }
        checkGradient("l2 penalty 0.5*reg*sum(w^2)", analytic: R.halfL2Penalty(w, reg: 0.7).dw, at: w, tolerance: 1e-8) {
            R.halfL2Penalty($0, reg: 0.7).loss
        }
        checkGradient("l1 penalty lambda*sum|w|", analytic: R.l1Penalty(w, lambda: 0.2).dw, at: w, tolerance: 1e-8) {
            R.l1Penalty($0, lambda: 0.2).loss
        }
        let sumOfSquares = w.squared().sum().scalar
        #expect(abs(R.l2Penalty(w, lambda: 0.3).loss - 0.3 * sumOfSquares) < 1e-12)
        #expect(abs(R.halfL2Penalty(w, reg: 0.7).loss - 0.35 * sumOfSquares) < 1e-12)
        #expect(R.L2Spelling.sumOfSquares.penalty(w, strength: 0.3).dw == R.l2Penalty(w, lambda: 0.3).dw)
        #expect(R.L2Spelling.halfSumOfSquares.penalty(w, strength: 0.7).dw == R.halfL2Penalty(w, reg: 0.7).dw)
    }

    @Test func affineReluSandwich() {
        var rng = SeededGenerator(seed: 11)
        let x = T.randn([2, 3, 4], using: &rng)
        let w = T.randn([12, 10], using: &rng)
        let b = T.randn([10], using: &rng)
        let dout = T.randn([2, 10], using: &rng)
        let (dx, dw, db) = R.affineReluBackward(dout, cache: R.affineReluForward(x, w, b).cache)
        checkGradient("affine-relu dx", analytic: dx, at: x, upstream: dout, tolerance: 1e-8) { R.affineReluForward($0, w, b).out }
        checkGradient("affine-relu dw", analytic: dw, at: w, upstream: dout, tolerance: 1e-8) { R.affineReluForward(x, $0, b).out }
        checkGradient("affine-relu db", analytic: db, at: b, upstream: dout, tolerance: 1e-8) { R.affineReluForward(x, w, $0).out }
    }

    @Test func affineBatchnormReluSandwich() {
        var rng = SeededGenerator(seed: 12)
        let (n, d, m) = (6, 8, 5)
        let x = T.randn([n, d], using: &rng)
        let w = T.randn([d, m], using: &rng)
        let b = T.randn([m], using: &rng)
        let gamma = T.randn([m], using: &rng) + 1
        let beta = T.randn([m], using: &rng)
        let dout = T.randn([n, m], using: &rng)
        func forward(_ x: T, _ w: T, _ b: T, _ gamma: T, _ beta: T) -> (out: T, cache: R.AffineBatchnormReluCache<Double>) {
            var running = R.BatchNormRunning<Double>(features: m)
            return R.affineBatchnormReluForward(x, w, b, gamma: gamma, beta: beta, running: &running, mode: .train)
        }
        let grads = R.affineBatchnormReluBackward(dout, cache: forward(x, w, b, gamma, beta).cache)
        checkGradient("affine-bn-relu dx", analytic: grads.dx, at: x, upstream: dout, tolerance: 1e-8) { forward($0, w, b, gamma, beta).out }
        checkGradient("affine-bn-relu dw", analytic: grads.dw, at: w, upstream: dout, tolerance: 1e-8) { forward(x, $0, b, gamma, beta).out }
        checkGradient("affine-bn-relu dgamma", analytic: grads.dgamma, at: gamma, upstream: dout, tolerance: 1e-8) { forward(x, w, b, $0, beta).out }
        checkGradient("affine-bn-relu dbeta", analytic: grads.dbeta, at: beta, upstream: dout, tolerance: 1e-8) { forward(x, w, b, gamma, $0).out }
        // The batch mean removes any bias before batchnorm: its gradient is exactly 0.
        #expect(grads.db.abs().max().scalar < 1e-12)
    }
}

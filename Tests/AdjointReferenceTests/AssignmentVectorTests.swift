import Testing
import AdjointReference

/// The reference layers reproduce the assignments' fixed outputs, with inputs built as the
/// assignments built them (numpy `linspace` and row-major `reshape`).
@Suite struct AssignmentVectorTests {
    @Test func fcForward() {
        let x = T(linspace: -0.1, 0.4, count: 504).reshaped([3, 7, 6, 4])
        let w = T(linspace: -0.2, 0.2, count: 672).reshaped([168, 4])
        let b = T(linspace: -0.3, 0.3, count: 4)
        let (flat, _) = R.flattenForward(x)
        let (out, _) = R.affineForward(flat, w, b)
        #expect(report("fc_forward", relativeError(out, AssignmentVectors.fcForward)) < 1e-8)
        // The affine layer flattens by itself too.
        #expect(R.affineForward(x, w, b).out == out)
    }

    @Test func geluForward() {
        let x = T(linspace: -1.5, 1.5, count: 12).reshaped([3, 4])
        let (out, _) = R.geluForward(x)
        #expect(report("gelu_forward", relativeError(out, AssignmentVectors.geluForward)) < 1e-7)
    }

    @Test func smallFullyConnectedNet() {
        let (n, d, h, c) = (4, 4, 30, 7)
        var rng = SeededGenerator(seed: 1234)
        var net = R.SmallFullyConnectedNet<Double>(inputDim: d, hiddenDim: h, numClasses: c, using: &rng)
        net.params["fc1_w"] = T(linspace: -0.7, 0.3, count: d * h).reshaped([d, h])
        net.params["fc2_w"] = T(linspace: -0.2, 0.2, count: h * c).reshaped([h, c])
        net.params["fc1_b"] = T(linspace: -0.6, 0.2, count: h)
        net.params["fc2_b"] = T(linspace: -0.9, 0.1, count: c)
        let x = T(linspace: -5.5, 4.5, count: n * d).reshaped([d, n]).transposed()

        let scoresDifference = (net.scores(x) - AssignmentVectors.smallFCScores).abs().sum().scalar
        print("  small_fc_scores sum |diff| \(scoresDifference)")
        #expect(scoresDifference < 1e-6)

        let (loss, _) = net.loss(x, [0, 5, 1, 4])
        print("  small_fc_loss |diff| \(abs(loss - AssignmentVectors.smallFCLoss))")
        #expect(abs(loss - AssignmentVectors.smallFCLoss) < 1e-10)
    }

    @Test func maxpoolForward() {
        let x = T(linspace: -0.1, 0.4, count: 64).reshaped([1, 8, 8, 1])
        let (out, _) = R.maxPoolForward(x, pool: 4, stride: 2)
        #expect(report("maxpool_forward", relativeError(out, AssignmentVectors.maxpoolForward)) < 1e-8)
    }

    @Test func testCNN() {
        var rng = SeededGenerator(seed: 0)
        var net = R.TestCNN<Double>(using: &rng)
        net.params["conv_w"] = T(linspace: -0.7, 0.3, count: 81).reshaped([3, 3, 3, 3])
        net.params["conv_b"] = T(linspace: -0.6, 0.2, count: 3)
        net.params["fc_w"] = T(linspace: -0.2, 0.2, count: 135).reshaped([27, 5])
        net.params["fc_b"] = T(linspace: -0.9, 0.1, count: 5)
        let x = T(linspace: -5.5, 4.5, count: 768).reshaped([4, 8, 8, 3])

        let scoresDifference = (net.scores(x) - AssignmentVectors.testCNNScores).abs().sum().scalar
        print("  test_cnn_scores sum |diff| \(scoresDifference)")
        #expect(scoresDifference < 1e-6)
        let (loss, _) = net.loss(x, [0, 2, 1, 4])
        print("  test_cnn_loss |diff| \(abs(loss - AssignmentVectors.testCNNLoss))")
        #expect(abs(loss - AssignmentVectors.testCNNLoss) < 1e-10)
    }

    @Test func sgdWithWeightDecay() {
        var w = T(linspace: -0.4, 0.6, count: 20).reshaped([4, 5])
        let dw = T(linspace: -0.6, 0.4, count: 20).reshaped([4, 5])
        R.sgdStep(&w, dw, learningRate: 1e-3, weightDecay: 1e-4)
        #expect(report("sgd_wd_w", relativeError(w, AssignmentVectors.sgdWeightDecayW)) < 1e-6)
    }

    @Test func adam() {
        var w = T(linspace: -0.4, 0.6, count: 20).reshaped([4, 5])
        let dw = T(linspace: -0.6, 0.4, count: 20).reshaped([4, 5])
        var state = R.AdamState(m: T(linspace: 0.6, 0.9, count: 20).reshaped([4, 5]),
                                v: T(linspace: 0.7, 0.5, count: 20).reshaped([4, 5]), t: 5)
        R.adamStep(&w, dw, state: &state, learningRate: 1e-2, beta1: 0.9, beta2: 0.999)
        #expect(state.t == 6)
        #expect(report("adam_w", relativeError(w, AssignmentVectors.adamW)) < 1e-7)
        #expect(report("adam_m", relativeError(state.m, AssignmentVectors.adamM)) < 1e-7)
        #expect(report("adam_v", relativeError(state.v, AssignmentVectors.adamV)) < 1e-7)
    }
}

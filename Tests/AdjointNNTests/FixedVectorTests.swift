import Testing
@testable import AdjointNN

// The SPEC's fixed vectors (float64, from assignment-vectors.json) through the tape-side layers,
// models and optimizers. The expected numbers are copied here: tests never read /work/shared.

@Suite struct FixedVectors {
    @Test func fcForward() throws {
        var rng = SeededGenerator(seed: 0)
        let fc = Linear<Double>(168, 4, rng: &rng)
        try fc.load(["weight": linspace(-0.2, 0.2, [168, 4]), "bias": linspace(-0.3, 0.3, [4])])
        let out = fc(linspace(-0.1, 0.4, [3, 7, 6, 4])).value
        let expected = Tensor<Double>([
            0.6391029086287043, 0.8374005742001054, 1.0356982397715044, 1.233995905342905,
            0.6140158749440754, 0.8290382296385617, 1.0440605843330475, 1.2590829390275333,
            0.5889288412594464, 0.8206758850770184, 1.0524229288945894, 1.2841699727121618,
        ], shape: [3, 4])
        let error = relativeError(out, expected)
        print("fc_forward relative error \(error)")
        #expect(out.shape == [3, 4])
        #expect(error < 1e-8)
    }

    @Test func geluForward() {
        let out = GELU<Double>()(linspace(-1.5, 1.5, [3, 4])).value
        let expected = Tensor<Double>([
            -0.10042842301976707, -0.135047664205651, -0.1623175702961381, -0.16892140149667778,
            -0.13960493119351045, -0.060786509090087565, 0.07557712727354876, 0.26948597789739853,
            0.5128967803215039, 0.792227884249316, 1.092225063067076, 1.3995715769802328,
        ], shape: [3, 4])
        let error = relativeError(out, expected)
        print("gelu_forward relative error \(error)")
        #expect(error < 1e-7)
    }

    @Test func smallFullyConnectedScoresAndLoss() throws {
        let (n, d, h, c) = (4, 4, 30, 7)
        let net: TinyNet<Double> = SmallFullyConnectedNetwork(seed: 3)
        try net.load(["fc1.weight": linspace(-0.7, 0.3, [d, h]), "fc1.bias": linspace(-0.6, 0.2, [h]),
                      "fc2.weight": linspace(-0.2, 0.2, [h, c]), "fc2.bias": linspace(-0.9, 0.1, [c])])
        let x = linspace(-5.5, 4.5, [d, n]).transposed()
        let scores = net(x).value
        let expected = Tensor<Double>([
            -2.33881897362913, -1.921741205788024, -1.5046634379469128, -1.0875856701058035,
            -0.6705079022646939, -0.2534301344235844, 0.16364763341752425,
            -1.5721491593584382, -1.1857013044958853, -0.7992534496333346, -0.4128055947707796,
            -0.02635773990822679, 0.360090114954325, 0.7465379698168793,
            -0.8017861792277031, -0.44604469092832516, -0.09030320262895025, 0.2654382856704274,
            0.6211797739698011, 0.9769212622691784, 1.3326627505685558,
            -0.0033131858035306827, 0.32124836353501207, 0.6458099128735548, 0.9703714622120975,
            1.2949330115506394, 1.6194945608891804, 1.944056110227724,
        ], shape: [n, c])
        let scoreDifference = (scores - expected).abs().sum().scalar
        let loss = softmaxCrossEntropy(net(x), labels: [0, 5, 1, 4]).value.scalar
        let lossDifference = abs(loss - 2.42489958799032)
        print("small_fc_scores sum |diff| \(scoreDifference), small_fc_loss |diff| \(lossDifference)")
        #expect(scores.shape == [n, c])
        #expect(scoreDifference < 1e-6)
        #expect(lossDifference < 1e-10)
    }

    static let w = linspace(-0.4, 0.6, [4, 5])
    static let dw = linspace(-0.6, 0.4, [4, 5])

    @Test func sgdWithWeightDecay() {
        let w = Variable(Self.w)
        w.grad = Self.dw
        // The assignment's decay is the course's, decoupled and not scaled by the rate.
        let sgd = SGD([w], learningRate: 1e-3)
        sgd.decoupledDecay = 1e-4
        sgd.step()
        let expected = Tensor<Double>([
            -0.39936000000000005, -0.3467863157894737, -0.2942126315789474, -0.2416389473684211,
            -0.18906526315789476, -0.13649157894736846, -0.08391789473684215, -0.03134421052631583,
            0.021229473684210482, 0.07380315789473679, 0.1263768421052631, 0.17895052631578948,
            0.23152421052631575, 0.284097894736842, 0.3366715789473684, 0.38924526315789476,
            0.441818947368421, 0.49439263157894725, 0.5469663157894736, 0.5995400000000001,
        ], shape: [4, 5])
        let error = relativeError(w.value, expected)
        print("sgd_wd_w relative error \(error)")
        #expect(error < 1e-6)
    }

    @Test func adamStepFromLoadedState() throws {
        let w = Variable(Self.w)
        w.grad = Self.dw
        let adam = Adam([w], learningRate: 1e-2, beta1: 0.9, beta2: 0.999)
        // "t = 5 before the step": the step itself uses t = 6 in the bias corrections.
        try adam.restore(.init(stepCount: 5, learningRate: 1e-2, slots: [[linspace(0.6, 0.9, [4, 5]), linspace(0.7, 0.5, [4, 5])]]))
        adam.step()
        let expectedW = Tensor<Double>([
            -0.40094747166840083, -0.3483618689667189, -0.2957770321333014, -0.24319298836973444,
            -0.19060976631902593, -0.13802739616704435, -0.08544590975289204, -0.032865340689163525,
            0.019714275506843335, 0.07229290126975907, 0.12487049682925762, 0.17744702003811577,
            0.2300224261834716, 0.2825966677792994, 0.33516969433784094, 0.3877414521174136,
            0.4403118838436444, 0.49288092840074144, 0.5454485204889067, 0.5980145902433942,
        ], shape: [4, 5])
        let expectedM = Tensor<Double>([
            0.48000000000000004, 0.49947368421052635, 0.5189473684210526, 0.538421052631579,
            0.5578947368421052, 0.5773684210526316, 0.596842105263158, 0.6163157894736842,
            0.6357894736842106, 0.6552631578947368, 0.6747368421052632, 0.6942105263157895,
            0.7136842105263158, 0.7331578947368422, 0.7526315789473684, 0.7721052631578947,
            0.791578947368421, 0.8110526315789475, 0.8305263157894738, 0.8500000000000001,
        ], shape: [4, 5])
        let expectedV = Tensor<Double>([
            0.69966, 0.6890838227146813, 0.678513185595568, 0.6679480886426593,
            0.6573885318559557, 0.6468345152354571, 0.6362860387811634, 0.6257431024930747,
            0.615205706371191, 0.6046738504155125, 0.5941475346260386, 0.5836267590027702,
            0.5731115235457064, 0.5626018282548476, 0.5520976731301939, 0.5415990581717451,
            0.5311059833795013, 0.5206184487534625, 0.5101364542936287, 0.49966,
        ], shape: [4, 5])
        let state = adam.state
        #expect(adam.slotNames == ["m", "v"])
        let slots = try #require(state.slots.first)
        try #require(slots.count == 2)
        let (m, v) = (slots[0], slots[1])
        let errors = ["adam_w": relativeError(w.value, expectedW), "adam_m": relativeError(m, expectedM),
                      "adam_v": relativeError(v, expectedV)]
        #expect(report("adam", errors) < 1e-7)
        #expect(adam.stepCount == 6)
    }
}

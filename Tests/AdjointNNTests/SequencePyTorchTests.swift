import Testing
@testable import AdjointNN

// The attention, transformer and recurrent layers against PyTorch's vectors (Fixtures/sequence_vectors.json):
// in Double, every output and the gradient of every input and parameter agree with PyTorch's
// float64 ones to 1e-10 (`scaledDifference`: absolute up to 1, relative beyond); in Float, the
// outputs to 1e-5.

/// Runs the fixture case `name` through the layer it describes, in precision `S`.
func runSequenceCase<S: TensorScalar>(_ name: String, as _: S.Type) throws -> FixtureRun<S> {
    let fixture = try SequenceCase.named(name)
    var run = FixtureRun<S>(fixture)
    var rng = SeededGenerator(seed: 0)   // every parameter is then loaded from the fixture
    switch name {
    case _ where name.hasPrefix("sdpa"):
        let (q, k, v) = (run.input("query"), run.input("key"), run.input("value"))
        let mask: Tensor<S>? = fixture.tensors["mask"] == nil ? nil : fixture.tensor("mask")
        run.outputs["output"] = scaledDotProductAttention(query: q, key: k, value: v, mask: mask,
                                                          isCausal: fixture.config["isCausal"] == 1)
    case _ where name.hasPrefix("mha"):
        let embed = fixture.tensors["out_proj.bias"]!.shape[0]
        let mha = MultiheadAttention<S>(embedDim: embed, heads: fixture.config["heads"]!, rng: &rng)
        try run.load(mha, torchNames: ["inProjectionWeight": "in_proj_weight", "inProjectionBias": "in_proj_bias",
                                       "outProjection.weight": "out_proj.weight", "outProjection.bias": "out_proj.bias"])
        let query = run.input("query")
        let isSelf = fixture.config["selfAttention"] == 1
        let (key, value) = isSelf ? (query, query) : (run.input("key"), run.input("value"))
        let mask: Tensor<S>? = fixture.tensors["mask"] == nil ? nil : fixture.tensor("mask")
        (run.outputs["output"], run.outputs["weights"]) = mha.attentionWithWeights(
            query, key: key, value: value, mask: mask, isCausal: fixture.config["isCausal"] == 1)
    case "lstm", "gru":
        let (input, h0) = (run.input("input"), run.input("h0"))
        let (features, hidden) = (input.shape[2], h0.shape[2])
        let layers = fixture.config["layers"]!
        let torchNames = recurrentTorchNames(layers: layers)
        if name == "lstm" {
            let lstm = LSTM<S>(inputSize: features, hiddenSize: hidden, layers: layers, rng: &rng)
            try run.load(lstm, torchNames: torchNames)
            let (output, state) = lstm(input, state: LSTMState(hidden: h0, cell: run.input("c0")))
            (run.outputs["output"], run.outputs["h"], run.outputs["c"]) = (output, state.hidden, state.cell)
        } else {
            let gru = GRU<S>(inputSize: features, hiddenSize: hidden, layers: layers, rng: &rng)
            try run.load(gru, torchNames: torchNames)
            (run.outputs["output"], run.outputs["h"]) = gru(input, hidden: h0)
        }
    case "lstmCell", "gruCell":
        let (input, h0) = (run.input("input"), run.input("h0"))
        let torchNames = ["weightInputHidden": "weight_ih", "weightHiddenHidden": "weight_hh",
                          "biasInputHidden": "bias_ih", "biasHiddenHidden": "bias_hh"]
        if name == "lstmCell" {
            let cell = LSTMCell<S>(inputSize: input.shape[1], hiddenSize: h0.shape[1], rng: &rng)
            try run.load(cell, torchNames: torchNames)
            let state = cell(input, state: LSTMState(hidden: h0, cell: run.input("c0")))
            (run.outputs["h"], run.outputs["c"]) = (state.hidden, state.cell)
        } else {
            let cell = GRUCell<S>(inputSize: input.shape[1], hiddenSize: h0.shape[1], rng: &rng)
            try run.load(cell, torchNames: torchNames)
            run.outputs["h"] = cell(input, hidden: h0)
        }
    case "transformerBlock":
        let input = run.input("input")
        let width = input.shape[2]
        let block = TransformerBlock<S>(width: width, heads: fixture.config["heads"]!, hiddenSize: 3 * width,
                                        isCausal: true, rng: &rng)
        try run.load(block, torchNames: [
            "norm1.gamma": "norm1.weight", "norm1.beta": "norm1.bias", "norm2.gamma": "norm2.weight", "norm2.beta": "norm2.bias",
            "attention.inProjectionWeight": "self_attn.in_proj_weight", "attention.inProjectionBias": "self_attn.in_proj_bias",
            "attention.outProjection.weight": "self_attn.out_proj.weight", "attention.outProjection.bias": "self_attn.out_proj.bias",
            "expand.weight": "linear1.weight", "expand.bias": "linear1.bias",
            "contract.weight": "linear2.weight", "contract.bias": "linear2.bias"])
        run.outputs["output"] = block(input)
    default:
        throw FixtureError.missingCase(name)
    }
    return run
}

/// PyTorch's name of each parameter of a `layers`-layer `LSTM` or `GRU`.
func recurrentTorchNames(layers: Int) -> [String: String] {
    var names: [String: String] = [:]
    for layer in 0..<layers {
        names["cells.\(layer).weightInputHidden"] = "weight_ih_l\(layer)"
        names["cells.\(layer).weightHiddenHidden"] = "weight_hh_l\(layer)"
        names["cells.\(layer).biasInputHidden"] = "bias_ih_l\(layer)"
        names["cells.\(layer).biasHiddenHidden"] = "bias_hh_l\(layer)"
    }
    return names
}

@Suite struct SequencePyTorchAgreement {
    static let cases = ["sdpa", "sdpaCausal", "sdpaPadding", "sdpaEmptyRow", "mhaCausalSelf", "mhaPaddingCross",
                        "lstm", "gru", "lstmCell", "gruCell", "transformerBlock"]

    @Test(arguments: cases) func doubleOutputsAndGradients(name: String) throws {
        let run = try runSequenceCase(name, as: Double.self)
        let differences = run.differences()
        #expect(differences.count == run.outputs.count + run.fixture.gradientNames.count)
        #expect(report("\(name) vs PyTorch (Double)", differences) < 1e-10)
    }

    @Test(arguments: cases) func floatOutputs(name: String) throws {
        let run = try runSequenceCase(name, as: Float.self)
        let differences = Dictionary(uniqueKeysWithValues: run.outputs.map { name, output in
            (name, scaledDifference(output.value, run.fixture.tensor(name, as: Float.self)))
        })
        #expect(!differences.isEmpty)
        #expect(report("\(name) vs PyTorch (Float)", differences) < 1e-5)
    }
}

import AdjointTraining

/// `char_transformer_step_ms` and `char_lstm_step_ms`: training steps of char-model's GPT (4
/// blocks of 4 heads, width 64) and LSTM (embedding 64, 128 hidden) on batches of 32 sequences of
/// 16 ids of 27, cross-entropy over every position, AdamW (learning rate 5e-4, weight decay
/// 0.01): `../shared/peers/recipe_seq.py`'s `char_transformer` and `char_lstm`, with the default,
/// fused kernels (the GPT's layer norms, the loss). `char_transformer_plain_step_ms`: the GPT's
/// step inside `Fusion.with(false)` (compositions of primitives).
func sequenceBenchmarks() -> [String: Double] {
    let (vocabulary, context, batch) = (27, 16, 32)
    var rng = SeededGenerator(seed: 0)
    let ids = IndexTensor((0..<(batch * context)).map { _ in rng.nextInt(below: vocabulary) }, shape: [batch, context])
    let targets = IndexTensor((0..<(batch * context)).map { _ in rng.nextInt(below: vocabulary) }, shape: [batch, context])
    func stepMilliseconds(_ model: Module<Float>, fused: Bool = true,
                          _ scores: @escaping (IndexTensor) -> Variable<Float>) -> Double {
        let adamW = AdamW(model.parameters, learningRate: 5e-4, weightDecay: 0.01)
        return medianTime(repeats: 30, seconds: 2) {
            adamW.zeroGrad()
            Fusion.with(fused) { softmaxCrossEntropy(scores(ids), labels: targets) }.backward()
            adamW.step()
        } * 1e3
    }
    let gpt = GPT<Float>(vocabulary: vocabulary, context: context, width: 64, layers: 4, heads: 4)
    let plainGPT = GPT<Float>(vocabulary: vocabulary, context: context, width: 64, layers: 4, heads: 4)
    let lstm = LSTMLanguageModel<Float>(vocabulary: vocabulary, embedding: 64, hiddenSize: 128)
    return ["char_transformer_step_ms": stepMilliseconds(gpt) { gpt($0) },
            "char_transformer_plain_step_ms": stepMilliseconds(plainGPT, fused: false) { plainGPT($0) },
            "char_lstm_step_ms": stepMilliseconds(lstm) { lstm($0) }]
}

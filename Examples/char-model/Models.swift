import AdjointCommandLine

/// A character model: its parameters, and the scores `(N, T, 27)` it gives ids `(N, T)`, position
/// `t` seeing ids `0...t`.
struct CharacterModel {
    let module: Module<Float>
    let scores: (IndexTensor) -> Variable<Float>

    init(_ kind: CharModelOptions.Model, seed: UInt64) {
        let (vocabulary, context) = (Words.vocabulary, Words.context)
        switch kind {
        case .bigram:
            let model = Bigram(vocabulary: vocabulary, seed: seed)
            (module, scores) = (model, { model($0) })
        case .mlp:
            let model = ContextMLP(vocabulary: vocabulary, seed: seed)
            (module, scores) = (model, { model($0) })
        case .lstm:
            let model = LSTMLanguageModel<Float>(vocabulary: vocabulary, embedding: 64, hiddenSize: 128, seed: seed)
            (module, scores) = (model, { model($0) })
        case .transformer:
            let model = GPT<Float>(vocabulary: vocabulary, context: context, width: 64, layers: 4, heads: 4, seed: seed)
            (module, scores) = (model, { model($0) })
        }
    }
}

/// The next character's scores from the current one alone: a table of `vocabulary` rows.
final class Bigram: Module<Float> {
    let table: Embedding<Float>

    init(vocabulary: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        table = Embedding(count: vocabulary, dimension: vocabulary, rng: &rng)
        super.init()
    }

    func callAsFunction(_ ids: IndexTensor) -> Variable<Float> { table(ids) }
}

/// The previous 3 characters (`.` before the start), embedded, concatenated, a tanh layer.
final class ContextMLP: Module<Float> {
    static let window = 3
    let embedding: Embedding<Float>
    let hidden: Linear<Float>, output: Linear<Float>

    init(vocabulary: Int, dimension: Int = 16, hiddenSize: Int = 256, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        embedding = Embedding(count: vocabulary, dimension: dimension, rng: &rng)
        hidden = Linear(Self.window * dimension, hiddenSize, initialization: .pytorch, rng: &rng)
        output = Linear(hiddenSize, vocabulary, initialization: .pytorch, rng: &rng)
        super.init()
    }

    func callAsFunction(_ ids: IndexTensor) -> Variable<Float> {
        let (n, t, w) = (ids.shape[0], ids.shape[1], Self.window)
        var windows = [Int](repeating: 0, count: n * t * w)
        for row in 0..<n {
            for position in 0..<t {
                for k in 0..<w where position + k >= w - 1 {
                    windows[(row * t + position) * w + k] = ids.scalars[row * t + position + k - (w - 1)]
                }
            }
        }
        let context = embedding(IndexTensor(windows, shape: [n, t, w])).reshaped([n, t, w * embedding.dimension])
        return output(hidden(context).tanh())
    }
}

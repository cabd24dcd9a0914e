/// A GPT-style language model: token and position embeddings, causal `TransformerBlock`s, a
/// final `LayerNorm` and a linear read-out; ids `(N, T)` give next-token scores `(N, T, vocabulary)`.
///
/// ```swift
/// let gpt = GPT<Float>(vocabulary: 27, context: 16, width: 64, layers: 4, heads: 4)
/// let scores = gpt(IndexTensor([[0, 3, 1, 20]]))   // (1, 4, 27)
/// ```
public final class GPT<Scalar: TensorScalar>: Module<Scalar> {
    public let tokens: Embedding<Scalar>, positions: Embedding<Scalar>
    public let blocks: [TransformerBlock<Scalar>]
    public let norm: LayerNorm<Scalar>
    public let head: Linear<Scalar>

    /// A model of sequences of up to `context` ids, drawn from a generator seeded with `seed`.
    public init(vocabulary: Int, context: Int, width: Int, layers: Int, heads: Int, seed: UInt64 = 0) {
        var rng = SeededGenerator(seed: seed)
        tokens = Embedding(count: vocabulary, dimension: width, rng: &rng)
        positions = Embedding(count: context, dimension: width, rng: &rng)
        blocks = (0..<layers).map { _ in TransformerBlock(width: width, heads: heads, isCausal: true, rng: &rng) }
        norm = LayerNorm(width)
        head = Linear(width, vocabulary, initialization: .pytorch, rng: &rng)
        super.init()
    }

    public func callAsFunction(_ ids: IndexTensor, file: StaticString = #fileID, line: UInt = #line) -> Variable<Scalar> {
        check(ids.rank == 2 && ids.shape[1] <= positions.count,
              "GPT: ids of shape \(describe(ids.shape)) must be (N, T) with T at most the context, \(positions.count)")
        return withSourceLocation(file: file, line: line) {
            let x = tokens(ids) + positions(IndexTensor(Array(0..<ids.shape[1])))
            return head(norm(blocks.reduce(x) { $1($0) }))
        }
    }
}

/// An LSTM language model: an embedding, `layers` LSTM layers and a linear read-out; ids `(N, T)`
/// give next-token scores `(N, T, vocabulary)`.
///
/// ```swift
/// let model = LSTMLanguageModel<Float>(vocabulary: 27, embedding: 64, hiddenSize: 128)
/// let scores = model(IndexTensor([[0, 3, 1, 20]]))   // (1, 4, 27)
/// ```
public final class LSTMLanguageModel<Scalar: TensorScalar>: Module<Scalar> {
    public let embedding: Embedding<Scalar>
    public let lstm: LSTM<Scalar>
    public let head: Linear<Scalar>

    public init(vocabulary: Int, embedding: Int, hiddenSize: Int, layers: Int = 1, seed: UInt64 = 0) {
        var rng = SeededGenerator(seed: seed)
        self.embedding = Embedding(count: vocabulary, dimension: embedding, rng: &rng)
        lstm = LSTM(inputSize: embedding, hiddenSize: hiddenSize, layers: layers, rng: &rng)
        head = Linear(hiddenSize, vocabulary, initialization: .pytorch, rng: &rng)
        super.init()
    }

    public func callAsFunction(_ ids: IndexTensor, file: StaticString = #fileID, line: UInt = #line) -> Variable<Scalar> {
        withSourceLocation(file: file, line: line) { head(lstm(embedding(ids)).output) }
    }
}

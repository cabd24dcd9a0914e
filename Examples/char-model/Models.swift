import AdjointCommandLine

/// A character model: scores `(N, T, 27)` for the ids `(N, T)`, position `t` seeing ids `0...t`.
class CharacterModel: Module<Float> {
    func scores(_ ids: IndexTensor) -> Variable<Float> { fatalError("\(type(of: self)) does not override scores(_:)") }
}

func makeModel(_ kind: CharModelOptions.Model, seed: UInt64) -> CharacterModel {
    var rng = SeededGenerator(seed: seed)
    switch kind {
    case .bigram: return Bigram(rng: &rng)
    case .mlp: return ContextMLP(rng: &rng)
    case .lstm: return LSTMModel(rng: &rng)
    case .transformer: return GPT(rng: &rng)
    }
}

/// PyTorch's default `nn.Linear` initialisation, U(-1/sqrt(in), 1/sqrt(in)) for weight and bias,
/// so the models start as the PyTorch twin's do.
func torchLinear(_ inputs: Int, _ outputs: Int, rng: inout SeededGenerator) -> Linear<Float> {
    let bound = Float(1 / Double(inputs).squareRoot())
    return Linear(weight: .uniform([inputs, outputs], low: -bound, high: bound, using: &rng),
                  bias: .uniform([outputs], low: -bound, high: bound, using: &rng))
}

/// The next character's scores from the current one alone: a 27 x 27 table.
final class Bigram: CharacterModel {
    let table: Embedding<Float>
    init(rng: inout SeededGenerator) {
        table = Embedding(count: Words.vocabulary, dimension: Words.vocabulary, rng: &rng)
        super.init()
    }
    override func scores(_ ids: IndexTensor) -> Variable<Float> { table(ids) }
}

/// The previous 3 characters (`.` before the start), embedded, concatenated, a tanh layer.
final class ContextMLP: CharacterModel {
    static let window = 3
    let embedding: Embedding<Float>
    let hidden: Linear<Float>, output: Linear<Float>
    init(rng: inout SeededGenerator, dimension: Int = 16, hiddenSize: Int = 256) {
        embedding = Embedding(count: Words.vocabulary, dimension: dimension, rng: &rng)
        hidden = torchLinear(Self.window * dimension, hiddenSize, rng: &rng)
        output = torchLinear(hiddenSize, Words.vocabulary, rng: &rng)
        super.init()
    }
    override func scores(_ ids: IndexTensor) -> Variable<Float> {
        let (n, t) = (ids.shape[0], ids.shape[1])
        var windows = [Int](repeating: 0, count: n * t * Self.window)
        for row in 0..<n {
            for position in 0..<t {
                for k in 0..<Self.window where position - (Self.window - 1 - k) >= 0 {
                    windows[(row * t + position) * Self.window + k] = ids.scalars[row * t + position - (Self.window - 1 - k)]
                }
            }
        }
        let context = embedding(IndexTensor(windows, shape: [n, t, Self.window])).reshaped([n, t, -1])
        return output(hidden(context).tanh())
    }
}

/// Embedding 64, one LSTM layer of 128, a linear read-out.
final class LSTMModel: CharacterModel {
    let embedding: Embedding<Float>
    let lstm: LSTM<Float>
    let head: Linear<Float>
    init(rng: inout SeededGenerator) {
        embedding = Embedding(count: Words.vocabulary, dimension: 64, rng: &rng)
        lstm = LSTM(inputSize: 64, hiddenSize: 128, rng: &rng)
        head = torchLinear(128, Words.vocabulary, rng: &rng)
        super.init()
    }
    override func scores(_ ids: IndexTensor) -> Variable<Float> { head(lstm(embedding(ids)).output) }
}

/// A pre-norm transformer block: causal self-attention, then a GELU MLP, each added back.
final class Block: Module<Float> {
    let heads: Int
    let norm1: LayerNorm<Float>, norm2: LayerNorm<Float>
    let qkv: Linear<Float>, projection: Linear<Float>, expand: Linear<Float>, contract: Linear<Float>
    init(width: Int, heads: Int, rng: inout SeededGenerator) {
        self.heads = heads
        norm1 = LayerNorm(width)
        norm2 = LayerNorm(width)
        qkv = torchLinear(width, 3 * width, rng: &rng)
        projection = torchLinear(width, width, rng: &rng)
        expand = torchLinear(width, 4 * width, rng: &rng)
        contract = torchLinear(4 * width, width, rng: &rng)
        super.init()
    }
    override func forward(_ x: Variable<Float>) -> Variable<Float> {
        let (n, t, width) = (x.shape[0], x.shape[1], x.shape[2])
        let qkv = self.qkv(norm1(x))
        func heads(_ part: Int) -> Variable<Float> {
            qkv.slice(part * width..<(part + 1) * width, alongAxis: 2)
                .reshaped([n, t, self.heads, width / self.heads]).permuted([0, 2, 1, 3])
        }
        let attended = scaledDotProductAttention(query: heads(0), key: heads(1), value: heads(2), isCausal: true)
        let y = x + projection(attended.permuted([0, 2, 1, 3]).reshaped([n, t, width]))
        return y + contract(gelu(expand(norm2(y)), approximate: false))
    }
}

/// GPT: token and position embeddings of 64, 4 blocks of 4 heads, a final norm, a read-out.
final class GPT: CharacterModel {
    let tokens: Embedding<Float>, positions: Embedding<Float>
    let blocks: [Block]
    let norm: LayerNorm<Float>
    let head: Linear<Float>
    init(rng: inout SeededGenerator, width: Int = 64, layers: Int = 4, heads: Int = 4) {
        tokens = Embedding(count: Words.vocabulary, dimension: width, rng: &rng)
        positions = Embedding(count: Words.context, dimension: width, rng: &rng)
        blocks = (0..<layers).map { _ in Block(width: width, heads: heads, rng: &rng) }
        norm = LayerNorm(width)
        head = torchLinear(width, Words.vocabulary, rng: &rng)
        super.init()
    }
    override func scores(_ ids: IndexTensor) -> Variable<Float> {
        let t = ids.shape[1]
        let x = tokens(ids) + positions(IndexTensor(Array(0..<t), shape: [t]))
        return head(norm(blocks.reduce(x) { $1($0) }))
    }
}

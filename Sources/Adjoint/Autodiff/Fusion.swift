// Fused primitives: one node and one kernel for an operation whose composition of primitives
// makes a pass over memory per primitive (batch norm, with or without its ReLU, layer norm, a
// bias add and activation, attention's softmax, softmax cross-entropy, dropout, an LSTM or GRU
// step). Each names the primitives it stands for, so reports, DOT graphs and anomalies say what
// was fused, and the plain composition is one scoped switch away.

/// Whether operations that have a fused kernel (`batchNorm`, `batchNormReLU`, `layerNorm`,
/// `addingBias`, `attentionSoftmax`, `softmaxCrossEntropy`, `dropout`, `lstmCell`, `gruCell`,
/// `lstmSequence`) record one fused node computed in one or two passes over memory, instead of
/// their composition of primitives. Scoped to the current task or thread, like
/// `GradMode`; on by default. `Fusion.with(false)` records the composition, which rounds
/// differently (within a few units in the last place): runs written by it, such as `train`'s
/// before its `--fusion` option, resume byte for byte only inside it.
///
/// ```swift
/// let x = Variable(Tensor<Float>.ones([8, 4]))
/// let gamma = Variable(Tensor<Float>.ones([4])), beta = Variable(Tensor<Float>.zeros([4]))
/// let y = x.batchNorm(gamma: gamma, beta: beta, epsilon: 1e-5).output
/// print(y.primitiveName, y.primitive!.fusedPrimitives.count)   // batchNorm 8
/// let plain = Fusion.with(false) { x.batchNorm(gamma: gamma, beta: beta, epsilon: 1e-5).output }
/// print(plain.primitiveName)   // add
/// ```
public enum Fusion {
    /// Whether fused kernels run right now.
    public static var isEnabled: Bool { TapeMode.current.isFusing }

    /// Runs `body` with fusion set to `isEnabled`: `false` records the plain composition, to
    /// find which primitive of a fused node made a NaN, or to compare the two.
    public static func with<R>(_ isEnabled: Bool, _ body: () throws -> R) rethrows -> R {
        try TapeMode.with({ $0.isFusing = isEnabled }, body)
    }
}

extension Primitive {
    /// The fused rows of the derivatives table: each is its composition's derivative, computed
    /// by its own kernel (`x̂ = (x − μ) / σ`, `σ = √(var + ε)`, `N` the count of each statistic).
    ///
    /// | Primitive             | Forward                                    | Vector-Jacobian product                                     |
    /// |-----------------------|--------------------------------------------|-------------------------------------------------------------|
    /// | `batchNorm`           | z = γ x̂ + β, statistics over all but the last axis | x̄ = γ/σ (g − Σg/N − x̂ Σ(g x̂)/N), γ̄ = Σ g x̂, β̄ = Σ g |
    /// | `batchNormReLU`       | z = max(batchNorm(x), 0)                   | g ← g ⊙ [z > 0], then as `batchNorm`                        |
    /// | `batchNormEvaluation` | z = γ (x − running μ) / σ + β              | x̄ = γ g / σ, γ̄ = Σ g x̂, β̄ = Σ g                            |
    /// | `layerNorm`           | z = γ x̂ + β, statistics over γ's trailing axes | d = γ g: x̄ = (d − mean d − x̂ mean(d x̂)) / σ, γ̄ = Σ g x̂, β̄ = Σ g |
    /// | `biasReLU`            | z = max(x + b, 0), b along the last axis   | x̄ = g ⊙ [z > 0], b̄ = Σ x̄ over the other axes               |
    /// | `biasTanh`            | z = tanh(x + b), b along the last axis     | x̄ = g ⊙ (1 − z²), b̄ = Σ x̄ over the other axes               |
    /// | `biasGELU`            | z = u Φ(u), u = x + b, Φ the normal CDF    | x̄ = g ⊙ (Φ(u) + u φ(u)), b̄ = Σ x̄ over the other axes        |
    /// | `biasGELUTanh`        | z = u (1 + t) / 2, t = tanh(c (u + k u³)), u = x + b | x̄ = g ⊙ ((1 + t) / 2 + u (1 − t²) c (1 + 3k u²) / 2), b̄ = Σ x̄ |
    /// | `attentionSoftmax`    | z = softmax(s x) over the last axis, 0 where masked | x̄ = s z ⊙ (g − Σ g z) over the last axis |
    /// | `softmaxCrossEntropy` | z = −(1 − e) log p[label] − e mean log p, p = softmax of the last axis | x̄ = g (p − (1 − e) onehot − e / C) |
    /// | `dropout`             | z = x ⊙ m, m = [u kept] / keep rate, u ~ U[0, 1) drawn in order | x̄ = g ⊙ m                                   |
    /// | `lstmCell`            | c' = σ(f) c + σ(i) tanh g, gates a = [i, f, g, o] | ā = g ⊙ [tanh g σ'(i), c σ'(f), σ(i)(1 − tanh² g), 0], c̄ = g σ(f) |
    /// | `lstmHidden`          | h' = σ(o) tanh c'                          | ā = [0, 0, 0, g tanh c' σ'(o)], c̄' = g σ(o)(1 − tanh² c') |
    /// | `gruCell`             | h' = n + σ(z)(h − n), n = tanh(x_n + σ(r) h_n), r, z = x + h gates | n̄ = g (1 − σ(z))(1 − n²): x̄ = [h_n n̄ σ'(r), g (h − n) σ'(z), n̄], h̄ gates = [same, same, σ(r) n̄], h̄ = g σ(z) |
    /// | `lstmSequence`        | h_1 ... h_T of `lstmCell` stepped over x_t + h_{t−1} W | back through time: each step's gates' gradient as `lstmCell`'s and `lstmHidden`'s, h̄_{t−1} = ā_t Wᵀ, W̄ = Σ h_{t−1}ᵀ ā_t |
    /// | `lstmSequenceCell`    | c_T of the same steps                      | the same, from c̄_T alone                                    |
    public static let fused: [Primitive] = [.batchNorm, .batchNormReLU, .batchNormEvaluation, .layerNorm, .biasReLU,
                                            .biasTanh, .biasGELU, .biasGELUTanh, .attentionSoftmax,
                                            .softmaxCrossEntropy, .dropout, .lstmCell, .lstmHidden, .gruCell,
                                            .lstmSequence, .lstmSequenceCell]

    /// `x.batchNorm(gamma:beta:epsilon:)` by default (outside `Fusion.with(false)`)
    public static let batchNorm = Primitive("batchNorm")
    /// `x.batchNormReLU(gamma:beta:epsilon:)` by default (outside `Fusion.with(false)`)
    public static let batchNormReLU = Primitive("batchNormReLU")
    /// `x.batchNorm(gamma:beta:runningMean:runningVariance:epsilon:)` by default (outside `Fusion.with(false)`)
    public static let batchNormEvaluation = Primitive("batchNormEvaluation")
    /// `x.layerNorm(gamma:beta:epsilon:)` by default (outside `Fusion.with(false)`)
    public static let layerNorm = Primitive("layerNorm")
    /// `x.addingBias(b, activation: .relu)` by default (outside `Fusion.with(false)`)
    public static let biasReLU = Primitive("biasReLU")
    /// `x.addingBias(b, activation: .tanh)` by default (outside `Fusion.with(false)`)
    public static let biasTanh = Primitive("biasTanh")
    /// `x.addingBias(b, activation: .gelu)` by default (outside `Fusion.with(false)`)
    public static let biasGELU = Primitive("biasGELU")
    /// `x.addingBias(b, activation: .geluTanh)` by default (outside `Fusion.with(false)`)
    public static let biasGELUTanh = Primitive("biasGELUTanh")
    /// `x.attentionSoftmax(scale:mask:isCausal:)` (and attention's weights) by default (outside `Fusion.with(false)`)
    public static let attentionSoftmax = Primitive("attentionSoftmax")
    /// `x.softmaxCrossEntropy(labels:labelSmoothing:)` (and the loss) by default (outside `Fusion.with(false)`)
    public static let softmaxCrossEntropy = Primitive("softmaxCrossEntropy")
    /// `x.dropout(probability:using:)` and `x.dropout(keepProbability:using:)` by default (outside `Fusion.with(false)`)
    public static let dropout = Primitive("dropout")
    /// The cell state of `gates.lstmCell(cell:)` by default (outside `Fusion.with(false)`)
    public static let lstmCell = Primitive("lstmCell")
    /// The hidden state of `gates.lstmCell(cell:)` by default (outside `Fusion.with(false)`)
    public static let lstmHidden = Primitive("lstmHidden")
    /// `inputGates.gruCell(hiddenGates:hidden:)` by default (outside `Fusion.with(false)`)
    public static let gruCell = Primitive("gruCell")
    /// The output of `projected.lstmSequence(weightHiddenHidden:hidden:cell:)` (an `LSTM` layer's
    /// recurrence) by default (outside `Fusion.with(false)`)
    public static let lstmSequence = Primitive("lstmSequence")
    /// The final cell state of `projected.lstmSequence(weightHiddenHidden:hidden:cell:)` by default
    /// (outside `Fusion.with(false)`)
    public static let lstmSequenceCell = Primitive("lstmSequenceCell")

    /// The primitives a fused primitive stands for, as its composition records them (once
    /// each, in order of first use); empty for every other primitive.
    ///
    /// ```swift
    /// print(Primitive.layerNorm.fusedPrimitives)   // [sum, divideByConstant, subtract, ...]
    /// ```
    public var fusedPrimitives: [Primitive] {
        guard !isCustom else { return [] }
        switch self {
        case .batchNorm, .layerNorm:
            return [.sum, .divideByConstant, .subtract, .multiply, .addConstant, .sqrt, .divide, .add]
        case .batchNormReLU:
            return [.sum, .divideByConstant, .subtract, .multiply, .addConstant, .sqrt, .divide, .add, .maximum]
        case .batchNormEvaluation: return [.subtract, .divide, .multiply, .add]
        case .biasReLU: return [.add, .maximum]
        case .biasTanh: return [.add, .tanh]
        case .biasGELU: return [.add, .scale, .erf, .addConstant, .multiply]
        case .biasGELUTanh: return [.add, .multiply, .scale, .tanh, .addConstant]
        case .attentionSoftmax: return [.scale, .maskedFill, .subtract, .exp, .sum, .divide]
        case .softmaxCrossEntropy: return [.subtract, .exp, .sum, .log, .gather, .negate, .scale, .divideByConstant]
        case .dropout: return [.multiply]
        case .lstmCell: return [.scale, .tanh, .addConstant, .slice, .multiply, .add]
        case .lstmHidden: return [.scale, .tanh, .addConstant, .slice, .multiply]
        case .gruCell: return [.slice, .add, .scale, .tanh, .addConstant, .multiply, .subtract]
        case .lstmSequence: return [.permute, .slice, .reshape, .matmul, .add, .scale, .tanh, .addConstant, .multiply, .concatenate]
        case .lstmSequenceCell: return [.permute, .slice, .reshape, .matmul, .add, .scale, .tanh, .addConstant, .multiply]
        default: return []
        }
    }
}

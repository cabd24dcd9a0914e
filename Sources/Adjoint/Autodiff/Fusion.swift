// Fused primitives: one node and one kernel for an operation whose composition of primitives
// makes a pass over memory per primitive (batch norm, with or without its ReLU, layer norm, a
// bias add and activation, attention's softmax, softmax cross-entropy, dropout). Each names the primitives it stands
// for, so reports, DOT graphs and anomalies say what was fused, and the plain composition is
// one scoped switch away.

/// Whether operations that have a fused kernel (`batchNorm`, `batchNormReLU`, `layerNorm`,
/// `addingBias`, `attentionSoftmax`, `softmaxCrossEntropy`, `dropout`) record one fused node
/// computed in one or two passes over memory, instead of their composition of primitives.
/// Scoped to the current task or thread, like
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
    public static let fused: [Primitive] = [.batchNorm, .batchNormReLU, .batchNormEvaluation, .layerNorm, .biasReLU,
                                            .biasTanh, .biasGELU, .biasGELUTanh, .attentionSoftmax,
                                            .softmaxCrossEntropy, .dropout]

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
        default: return []
        }
    }
}

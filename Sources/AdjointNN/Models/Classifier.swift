/// A model that maps inputs to class scores and knows its training loss: softmax
/// cross-entropy plus `0.5 * reg * sum(w^2)` over its weight matrices (not biases, not
/// batch-norm parameters), the spelling of the assignments' numbered nets.
///
/// ```swift
/// let net = TwoLayerNet<Float>(inputSize: 784, hiddenSize: 100, classes: 10, reg: 0.1, seed: 0)
/// let loss = net.loss(Variable(constant: x), labels: y)
/// ```
open class Classifier<Scalar: TensorScalar>: Module<Scalar> {
    /// The L2 strength in `0.5 * reg * sum(w^2)`.
    public var reg: Scalar = 0
    /// The weights the penalty applies to.
    public var regularizedWeights: [Variable<Scalar>] = []
    /// Any other term added to the loss (an L1 or `lambda * sum(w^2)` penalty, say).
    public var extraPenalty: (() -> Variable<Scalar>)?
    let body: Sequential<Scalar>

    public init(_ layers: [Module<Scalar>]) {
        body = Sequential(layers)
        super.init()
        addChild(body)
    }

    override open func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { body(x) }

    /// The data loss plus the weight penalty for inputs `x` and integer `labels`.
    public func loss(_ x: Variable<Scalar>, labels: [Int]) -> Variable<Scalar> {
        var loss = softmaxCrossEntropy(self(x), labels: labels)
        if reg != 0 {
            for w in regularizedWeights { loss = loss + halfL2Penalty(w, reg: reg) }
        }
        if let extraPenalty { loss = loss + extraPenalty() }
        return loss
    }
}

/// Modules applied one after another; their parts are named `layers.<index>.<path>`.
///
/// ```swift
/// let net = Sequential<Float>([Linear(3072, 512), GELU(), Linear(512, 20)])
/// print(net.namedParameters.map(\.path))   // ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"]
/// ```
public final class Sequential<Scalar: TensorScalar>: Module<Scalar> {
    /// The modules, applied first to last.
    public let layers: [Module<Scalar>]

    /// The composition of `layers`, first to last.
    ///
    /// ```swift
    /// let mlp = Sequential<Float>([Linear(784, 100), ReLU(), Linear(100, 10)])
    /// ```
    public init(_ layers: [Module<Scalar>]) {
        self.layers = layers
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        layers.reduce(x) { $1($0) }
    }
}

/// A model written as a closure over a few variables, which it names: the keys become the
/// parameters' paths in optimisers' and checkpoints' eyes.
///
/// ```swift
/// let w = Variable(Tensor<Float>.randn([784, 10], std: 0.01, using: &rng)), b = Variable(Tensor<Float>.zeros([10]))
/// let model = ClosureModel(parameters: ["w": w, "b": b]) { x in x.flattened().matmul(w) + b }
/// print(model.namedParameters.map(\.path))   // ["b", "w"]
/// ```
public final class ClosureModel<Scalar: TensorScalar>: Module<Scalar> {
    let body: (Variable<Scalar>) -> Variable<Scalar>
    let named: [(String, Variable<Scalar>)]

    /// A model computing `body`, whose parameters are `parameters` (sorted by key).
    ///
    /// ```swift
    /// let linear = ClosureModel(parameters: ["w": w]) { x in x.matmul(w) }
    /// ```
    public init(parameters: [String: Variable<Scalar>], _ body: @escaping (Variable<Scalar>) -> Variable<Scalar>) {
        self.body = body
        named = parameters.sorted { $0.key < $1.key }
        super.init()
    }

    override var explicitMembers: [(String, ModuleMember<Scalar>)] { named.map { ($0, .parameter($1)) } }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { body(x) }
}

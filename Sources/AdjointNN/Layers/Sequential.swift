/// Modules applied one after another.
///
/// ```swift
/// let net = Sequential<Float>([Flatten(), Linear(3072, 512, name: "fc1", rng: &rng), GELU(),
///                              Linear(512, 20, name: "fc2", rng: &rng)])
/// ```
public final class Sequential<Scalar: TensorScalar>: Module<Scalar> {
    public let layers: [Module<Scalar>]

    public init(_ layers: [Module<Scalar>]) {
        self.layers = layers
        super.init()
        for layer in layers { addChild(layer) }
        let names = parameterNames + buffers.map(\.name)
        check(Set(names).count == names.count, "Sequential: parameter names are not unique: \(names)")
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        layers.reduce(x) { $1($0) }
    }
}

/// A model written as a closure over named parameters.
///
/// ```swift
/// let w = Variable(Tensor<Double>.randn([4, 3], using: &rng)), b = Variable(Tensor<Double>.zeros([3]))
/// let model = ClosureModel(parameters: [("w", w), ("b", b)]) { x in (x.matmul(w) + b).tanh() }
/// ```
public final class ClosureModel<Scalar: TensorScalar>: Module<Scalar> {
    let body: (Variable<Scalar>) -> Variable<Scalar>

    public init(parameters: [(String, Variable<Scalar>)], _ body: @escaping (Variable<Scalar>) -> Variable<Scalar>) {
        self.body = body
        super.init()
        for (name, variable) in parameters { addParameter(name, variable) }
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { body(x) }
}

/// A layer or a model: a differentiable function of its input whose parameters, buffers,
/// random generators and submodules are found from its stored properties.
///
/// As in PyTorch and MLX Swift, nothing is registered by name: a `Variable` property that
/// requires gradients (or is frozen, `freeze()`) is a parameter, a `Buffer` property is saved state (batch-norm running
/// statistics), a `RandomSource` property is a generator (dropout masks), and a `Module`
/// property, or an array, dictionary or optional of them, is a submodule. Each is named by
/// its path of property names and array indices: `fc1.weight`, `layers.2.runningMean`.
/// A module is in training mode when created; `eval()` switches it and all its submodules to
/// evaluation mode (dropout off, batch norm on running statistics). The loss stays outside.
///
/// ```swift
/// final class MLP: Module<Float> {
///     let fc1 = Linear<Float>(784, 100), fc2 = Linear<Float>(100, 10)
///     override func forward(_ x: Variable<Float>) -> Variable<Float> { fc2(fc1(x).relu()) }
/// }
/// let model = MLP()
/// print(model.namedParameters.map(\.path))   // ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
/// ```
open class Module<Scalar: TensorScalar> {
    /// Whether the module computes in training mode.
    ///
    /// ```swift
    /// model.eval(); print(model.isTraining)   // false
    /// ```
    public private(set) var isTraining = true

    /// An empty module; subclasses set their properties, then call it.
    ///
    /// ```swift
    /// final class Identity: Module<Float> {
    ///     override func forward(_ x: Variable<Float>) -> Variable<Float> { x }
    /// }
    /// let id = Identity()   // inherits init()
    /// ```
    public init() {}

    /// Parts that no stored property shows: a closure model's named variables.
    var explicitMembers: [(String, ModuleMember<Scalar>)] { [] }

    /// The computation of a module of one variable, which `Sequential` chains; subclasses
    /// override it. A module of other inputs (several variables, ids, a mask) defines its own
    /// `callAsFunction` instead and leaves this one alone; its parameters, modes and state are
    /// found all the same.
    ///
    /// ```swift excerpt
    /// override func forward(_ x: Variable<Float>) -> Variable<Float> { fc(x).relu() }
    /// ```
    open func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        fatalError("\(type(of: self)) does not override forward(_:): it takes other inputs, so call it with those (its own callAsFunction), not with one Variable or in a Sequential")
    }

    /// Applies the module to `x`. Under `withAnomalyDetection`, operations inside it without a
    /// source location of their own (operators such as `+`) are reported at this call.
    ///
    /// ```swift
    /// let scores = model(Variable(constant: images))
    /// ```
    public func callAsFunction(_ x: Variable<Scalar>, file: StaticString = #fileID, line: UInt = #line) -> Variable<Scalar> {
        withSourceLocation(file: file, line: line) { forward(x) }
    }

    /// Applies the module to a constant input.
    ///
    /// ```swift
    /// let scores = model(images)
    /// ```
    public func callAsFunction(_ x: Tensor<Scalar>, file: StaticString = #fileID, line: UInt = #line) -> Variable<Scalar> {
        callAsFunction(Variable(constant: x), file: file, line: line)
    }

    /// The module's direct submodules, named by property (and index or key).
    ///
    /// ```swift
    /// print(model.children.map(\.name))   // ["fc1", "fc2"]
    /// ```
    public var children: [(name: String, module: Module<Scalar>)] {
        members().compactMap { name, member in
            if case let .module(module) = member { (name, module) } else { nil }
        }
    }

    /// Every submodule below this one, depth first, with its path.
    ///
    /// ```swift
    /// let linears = model.namedModules.compactMap { $0.module as? Linear<Float> }
    /// ```
    public var namedModules: [(path: String, module: Module<Scalar>)] {
        children.flatMap { name, module in [(name, module)] + module.namedModules.map { (name + "." + $0.path, $0.module) } }
    }

    /// Every parameter of this module and its submodules, frozen ones too, in property order,
    /// with its path: what a checkpoint saves.
    ///
    /// ```swift
    /// for (path, w) in model.namedParameters { print(path, w.shape) }
    /// ```
    public var namedParameters: [(path: String, variable: Variable<Scalar>)] {
        walk { member in if case let .parameter(p) = member { p } else { nil } }
    }

    /// Every parameter, frozen ones too, in the order of `namedParameters`. An optimiser skips
    /// the frozen ones; `trainableParameters` leaves them out.
    ///
    /// ```swift
    /// let adam = Adam(model.parameters, learningRate: 1e-3)
    /// ```
    public var parameters: [Variable<Scalar>] { namedParameters.map(\.variable) }

    /// Each parameter's path by identity: labels for a graph's leaves in `Variable.dot(labels:)`.
    ///
    /// ```swift
    /// let dot = loss.dot(labels: model.parameterLabels)   // leaves read "fc1.weight", ...
    /// ```
    public var parameterLabels: [ObjectIdentifier: String] {
        Dictionary(namedParameters.map { (ObjectIdentifier($0.variable), $0.path) }) { first, _ in first }
    }

    /// The number of trainable scalars.
    ///
    /// ```swift
    /// print(model.parameterCount)   // 79510
    /// ```
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Every buffer (saved non-trainable state) with its path.
    ///
    /// ```swift
    /// print(BatchNorm<Float>(500).namedBuffers.map(\.path))   // ["runningMean", "runningVariance"]
    /// ```
    public var namedBuffers: [(path: String, buffer: Buffer<Scalar>)] {
        walk { member in if case let .buffer(b) = member { b } else { nil } }
    }

    /// Every random generator (dropout masks) with its path.
    public var namedRandomSources: [(path: String, source: RandomSource)] {
        walk { member in if case let .random(r) = member { r } else { nil } }
    }

    /// The modules of type `M` among this one and its submodules, depth first.
    ///
    /// ```swift
    /// let weights = net.modules(of: Linear<Float>.self).map(\.weight)
    /// ```
    public func modules<M>(of type: M.Type) -> [M] {
        ([self] + namedModules.map(\.module)).compactMap { $0 as? M }
    }

    /// Switches this module and its submodules to training mode.
    public func train() { setTraining(true) }

    /// Switches this module and its submodules to evaluation mode.
    ///
    /// ```swift
    /// model.eval(); let scores = withoutGradients { model(x) }
    /// ```
    public func eval() { setTraining(false) }

    private func setTraining(_ training: Bool) {
        isTraining = training
        for (_, child) in children { child.setTraining(training) }
    }

    /// Clears the gradients of every parameter.
    ///
    /// ```swift
    /// model.zeroGrad(); loss.backward()
    /// ```
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// The values of every parameter and buffer by path: what a checkpoint saves.
    ///
    /// ```swift
    /// let saved = model.state   // ... train further, then go back:
    /// try model.load(saved)
    /// ```
    public var state: [String: Tensor<Scalar>] {
        var result: [String: Tensor<Scalar>] = [:]
        for (path, p) in namedParameters { result[path] = p.value }
        for (path, b) in namedBuffers { result[path] = b.value }
        return result
    }

    /// Sets parameters and buffers from `state`, keyed by path. Every key and shape is checked
    /// before anything is assigned, so a bad state never half-loads; with `strict`, every
    /// parameter and buffer must be given.
    ///
    /// ```swift
    /// try model.load(["fc1.weight": w.value, "fc1.bias": b.value], strict: false)
    /// ```
    public func load(_ state: [String: Tensor<Scalar>], strict: Bool = true) throws(NNError) {
        var targets: [String: (shape: [Int], assign: (Tensor<Scalar>) -> Void)] = [:]
        for (path, p) in namedParameters { targets[path] = (p.shape, { p.value = $0 }) }
        for (path, b) in namedBuffers { targets[path] = (b.value.shape, { b.value = $0 }) }
        for (path, value) in state.sorted(by: { $0.key < $1.key }) {
            guard let target = targets[path] else { throw .unknownParameter(path, available: Array(targets.keys).sorted()) }
            guard target.shape == value.shape else { throw .shapeMismatch(path, expected: target.shape, got: value.shape) }
        }
        if strict, let missing = targets.keys.sorted().first(where: { state[$0] == nil }) {
            throw .missingParameter(missing)
        }
        for (path, value) in state { targets[path]!.assign(value) }
    }
}

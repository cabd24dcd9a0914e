/// A layer or a model: a differentiable function of its input with named parameters.
///
/// Parameters carry the assignments' names (`fc1_w`, `W1`, `gamma1`), which checkpoints and
/// reports use. A module is in training mode when created; `eval()` switches it and all its
/// children to evaluation mode (dropout off, batch norm on running statistics). The mode lives
/// in the module, never in a global.
///
/// ```swift
/// let model = Sequential<Float>([Linear(784, 100, name: "fc1", rng: &rng), ReLU(), Linear(100, 10, name: "fc2", rng: &rng)])
/// let scores = model(Variable(constant: x))
/// print(model.parameterNames)          // ["fc1_w", "fc1_b", "fc2_w", "fc2_b"]
/// ```
open class Module<Scalar: TensorScalar> {
    /// Whether the module computes in training mode.
    public private(set) var isTraining = true
    /// This module's own trainable parameters, in registration order.
    public private(set) var ownParameters: [(name: String, variable: Variable<Scalar>)] = []
    /// This module's own non-trainable state (batch-norm running statistics), saved in checkpoints.
    public internal(set) var ownBuffers: [(name: String, tensor: Tensor<Scalar>)] = []
    /// This module's own random generators (dropout masks), saved in checkpoints.
    public private(set) var ownRandomSources: [(name: String, source: RandomSource)] = []
    /// The modules this one is built from.
    public private(set) var children: [Module] = []

    public init() {}

    /// The computation; subclasses override it.
    open func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        fatalError("\(type(of: self)) does not override forward(_:)")
    }

    /// Applies the module to `x`.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { forward(x) }
    /// Applies the module to a constant input.
    public func callAsFunction(_ x: Tensor<Scalar>) -> Variable<Scalar> { forward(Variable(constant: x)) }

    /// Registers a trainable parameter.
    public func addParameter(_ name: String, _ variable: Variable<Scalar>) {
        ownParameters.append((name, variable))
    }

    /// Registers a random generator under `name`.
    public func addRandomSource(_ name: String, _ source: RandomSource) {
        ownRandomSources.append((name, source))
    }

    /// Registers a child module and returns it.
    @discardableResult
    public func addChild<M: Module>(_ child: M) -> M {
        children.append(child)
        return child
    }

    /// Every trainable parameter of this module and its children, depth first.
    public var parameters: [(name: String, variable: Variable<Scalar>)] {
        ownParameters + children.flatMap(\.parameters)
    }

    /// The parameter names, in order.
    public var parameterNames: [String] { parameters.map(\.name) }

    /// Every buffer of this module and its children.
    public var buffers: [(name: String, tensor: Tensor<Scalar>)] {
        ownBuffers + children.flatMap(\.buffers)
    }

    /// Every random generator of this module and its children.
    public var randomSources: [(name: String, source: RandomSource)] {
        ownRandomSources + children.flatMap(\.randomSources)
    }

    /// Switches this module and its children to training mode.
    public func train() { setTraining(true) }
    /// Switches this module and its children to evaluation mode.
    public func eval() { setTraining(false) }

    private func setTraining(_ training: Bool) {
        isTraining = training
        for child in children { child.setTraining(training) }
    }

    /// The parameter called `name`.
    public func parameter(named name: String) throws -> Variable<Scalar> {
        guard let found = parameters.first(where: { $0.name == name }) else {
            throw NNError.unknownParameter(name, available: parameterNames)
        }
        return found.variable
    }

    /// The gradient accumulated in the parameter called `name` (nil before any backward).
    public func gradient(named name: String) throws -> Tensor<Scalar>? {
        try parameter(named: name).grad
    }

    /// Sets the value of the parameter or buffer called `name`, checking its shape.
    public func assign(_ value: Tensor<Scalar>, to name: String) throws {
        if let variable = parameters.first(where: { $0.name == name })?.variable {
            guard variable.shape == value.shape else {
                throw NNError.shapeMismatch("assign to \"\(name)\"", expected: variable.shape, got: value.shape)
            }
            variable.value = value
        } else if try !assignBuffer(value, to: name) {
            throw NNError.unknownParameter(name, available: parameterNames + buffers.map(\.name))
        }
    }

    private func assignBuffer(_ value: Tensor<Scalar>, to name: String) throws -> Bool {
        if let i = ownBuffers.firstIndex(where: { $0.name == name }) {
            guard ownBuffers[i].tensor.shape == value.shape else {
                throw NNError.shapeMismatch("assign to \"\(name)\"", expected: ownBuffers[i].tensor.shape, got: value.shape)
            }
            ownBuffers[i].tensor = value
            return true
        }
        for child in children where try child.assignBuffer(value, to: name) { return true }
        return false
    }

    /// Clears the gradients of every parameter.
    public func zeroGrad() { for p in parameters { p.variable.zeroGrad() } }
}

/// A random generator shared by reference, so a checkpoint can read and restore the state of a
/// layer's generator (a dropout mask stream) by name.
///
/// ```swift
/// let source = RandomSource(seed: 7)
/// let u = source.generator.nextUniform()
/// ```
public final class RandomSource {
    public var generator: SeededGenerator
    public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
}

/// A node of the tape: a tensor value and, while a gradient is wanted, how it was computed.
///
/// Every primitive operation on variables (listed with its derivative in `Primitive`) returns a
/// new variable that remembers its inputs and its vector-Jacobian product (its local chain rule). `backward()` walks those records in
/// reverse and accumulates gradients into the leaves' `grad`. Variables are references, so a
/// model written as a closure over its parameters sees the optimiser's updates.
///
/// ```swift
/// let w = Variable(Tensor<Double>([0.5, -1], shape: [2, 1]))
/// let x = Variable(constant: Tensor<Double>([1, 2, 3, 4], shape: [2, 2]))
/// let loss = x.matmul(w).tanh().sum()
/// loss.backward()
/// print(w.grad!)      // d loss / d w, shape [2, 1]
/// ```
public final class Variable<Scalar: TensorScalar> {
    /// The value. Optimisers assign it in place, after the backward pass: pullbacks read the
    /// current values of their inputs, so an assignment between a forward pass and its backward
    /// (or between two backward passes with `retainGraph`) changes the gradients computed.
    public var value: Tensor<Scalar>
    /// The gradient accumulated by `backward()` into a leaf that requires gradients.
    public var grad: Tensor<Scalar>?
    /// Whether gradients flow to this variable (leaves: as created; results: if any input's do).
    public let requiresGrad: Bool
    /// The primitive that produced the value; nil for a leaf.
    ///
    /// ```swift
    /// (x * w).primitive        // .multiply
    /// ```
    public let primitive: Primitive?
    /// The name of the primitive that produced the value, or `"leaf"`, for printing.
    ///
    /// ```swift
    /// print((x * w).op)        // multiply
    /// ```
    public var op: String { primitive?.rawValue ?? "leaf" }
    /// Whether this variable was created by the user rather than by an operation.
    public let isLeaf: Bool

    /// Creation depth: larger than every input's, so sorting by it orders the graph.
    let depth: Int
    var inputs: [Variable]
    /// The vector-Jacobian product: from this node and the gradient of its value to the
    /// gradients of its inputs (nil where an input needs none). Cleared once used.
    var pullback: ((_ out: Variable, _ grad: Variable) -> [Variable?])?
    var isReleased = false

    /// A leaf that requires gradients: a parameter or an input you differentiate with respect to.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public init(_ value: Tensor<Scalar>, requiresGrad: Bool = true) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.primitive = nil
        self.isLeaf = true
        self.depth = 0
        self.inputs = []
    }

    /// A leaf that never receives gradients (data, labels, masks).
    public convenience init(constant value: Tensor<Scalar>) { self.init(value, requiresGrad: false) }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    init(value: Tensor<Scalar>, primitive: Primitive, inputs: [Variable],
         pullback: @escaping (Variable, Variable) -> [Variable?]) {
        self.value = value
        self.requiresGrad = true
        self.primitive = primitive
        self.isLeaf = false
        var depth = 0
        for input in inputs where input.depth >= depth { depth = input.depth + 1 }
        self.depth = depth
        self.inputs = inputs
        self.pullback = pullback
    }

    deinit {
        // Free the graph behind this node with a loop: the default release recurses once per
        // node and overflows the stack on a long chain (a running total of losses, say).
        // `pullback` goes first because it captures the inputs too. Constants and nodes already
        // released by a backward pass (nearly all) have nothing to free.
        if inputs.count == 0 { return }
        pullback = nil
        var stack = inputs
        inputs = []
        while var node = stack.popLast() {
            guard isKnownUniquelyReferenced(&node) else { continue }
            node.pullback = nil
            stack.append(contentsOf: node.inputs)
            node.inputs = []
        }
    }

    /// The value's shape.
    public var shape: [Int] { value.shape }

    /// The same value cut off from the tape: gradients do not flow through it.
    public func detached() -> Variable { Variable(constant: value) }

    /// Clears the accumulated gradient.
    public func zeroGrad() { grad = nil }

    /// `gradient` if this variable takes a gradient, else nil without evaluating it.
    @inline(__always)
    func needing(_ gradient: @autoclosure () -> Variable) -> Variable? {
        requiresGrad ? gradient() : nil
    }

    /// Records the result of a primitive (each listed, with its derivative, in `Primitive`).
    /// When gradients are off, or no input needs one, the result is a constant and nothing is
    /// kept.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func record(_ primitive: Primitive, _ value: Tensor<Scalar>, _ inputs: [Variable],
                       pullback: @escaping (_ out: Variable, _ grad: Variable) -> [Variable?]) -> Variable {
        var needed = false
        for input in inputs where input.requiresGrad { needed = true }
        guard needed, GradMode.isEnabled else { return Variable(constant: value) }
        return Variable(value: value, primitive: primitive, inputs: inputs, pullback: pullback)
    }
}

extension Variable: CustomStringConvertible {
    /// The producing primitive (or `leaf`), the value and whether it requires gradients.
    ///
    /// ```swift
    /// print(x * w)     // Variable(multiply, [...], requiresGrad)
    /// ```
    public var description: String {
        "Variable(\(op), \(value)\(requiresGrad ? ", requiresGrad" : ""))"
    }
}

extension Variable: @unchecked Sendable {}

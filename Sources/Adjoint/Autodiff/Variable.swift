import Synchronization

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
    /// The value. Optimisers change it in place after the backward pass. Every assignment or
    /// in-place change bumps `version`, and a backward pass whose pullbacks would read a value
    /// changed since the forward pass (an update between forward and backward, or between two
    /// backward passes with `retainGraph`) stops with a message naming it, instead of silently
    /// computing other gradients.
    ///
    /// ```swift
    /// let loss = (x * w).sum()
    /// w.value = .zeros([3])
    /// loss.backward()     // stops: the value of a leaf of shape [3] saved by `multiply` was modified ...
    /// ```
    public var value: Tensor<Scalar> {
        get {
            // Only a result nothing but the graph holds is freed, so no user reaches this; a
            // pullback reading a value its record call's `reads` does not list would.
            check(!isValueFreed.load(ordering: .relaxed),
                  "internal error: the value of `\(primitiveName)` was freed, but a pullback read it (see the `reads:` of its record call)")
            return storedValue
        }
        set {
            storedValue = newValue
            version &+= 1
        }
        // An in-place change (`value.update(gradient:state:_:)`, `value.withUnsafeMutableBufferPointer`)
        // writes the storage where it is. A `didSet` observer would not: called from another
        // module (the optimisers'), it copies the whole tensor first (checked with a
        // two-module build, -Onone and -O alike).
        _modify {
            version &+= 1
            yield &storedValue
        }
    }
    /// The value without the freed check: its shape is kept when its elements are freed.
    /// Unchecked for exclusivity, like the bookkeeping below: every primitive reads it, so the
    /// run-time checks are costly. What they would catch is a read of a variable's value inside a closure
    /// that changes that value in place, on the same thread.
    @exclusivity(unchecked) var storedValue: Tensor<Scalar>
    /// How many times `value` was assigned or changed in place since this variable was created.
    ///
    /// ```swift
    /// let w = Variable(Tensor<Double>([1, 2]))
    /// w.value -= 0.1 * w.value      // w.version == 1
    /// ```
    @exclusivity(unchecked) public private(set) var version = 0
    /// The gradient accumulated by `backward()` into a leaf that requires gradients.
    public var grad: Tensor<Scalar>?
    /// Whether gradients flow to this variable (leaves: as created or set; results: if any
    /// input's do). Only a leaf's may be set: `false` freezes a parameter (no `grad`, and the
    /// optimisers skip it), `true` unfreezes it. A change applies to what is recorded after
    /// it, so make it between training steps. Switching it on counts as a change of the value
    /// for a graph recorded before (its `backward` stops with a message): that graph did not
    /// keep what this leaf's gradient reads.
    ///
    /// ```swift
    /// let x = Variable(constant: Tensor<Double>([1, 2])), w = Variable(Tensor<Double>([0.5, -1]))
    /// print(x.requiresGrad, (x * w).requiresGrad)   // false true
    /// w.requiresGrad = false                         // w is frozen: (x * w).requiresGrad is false
    /// ```
    public var requiresGrad: Bool {
        get { storedRequiresGrad }
        set {
            check(isLeaf, "requiresGrad: only a leaf's can be set, this is the result of `\(primitiveName)` of shape \(describe(shape))")
            if newValue && !storedRequiresGrad { version &+= 1 }
            storedRequiresGrad = newValue
        }
    }
    /// `requiresGrad` without the leaf check: read on every record, so unchecked like `version`.
    @exclusivity(unchecked) var storedRequiresGrad: Bool
    /// Whether this leaf was created requiring gradients and has them switched off: a frozen
    /// parameter, which a module still lists and saves.
    ///
    /// ```swift
    /// let w = Variable(Tensor<Double>([1, 2]))
    /// w.requiresGrad = false     // w.isFrozen == true
    /// ```
    public var isFrozen: Bool { isParameter && !storedRequiresGrad }
    /// Whether this is a leaf created requiring gradients: a trainable parameter, frozen or not.
    let isParameter: Bool
    /// The primitive that produced the value; nil for a leaf.
    ///
    /// ```swift
    /// (x * w).primitive        // .multiply
    /// ```
    public let primitive: Primitive?
    /// The name of the primitive that produced the value, or `"leaf"`, for printing.
    ///
    /// ```swift
    /// print((x * w).primitiveName)        // multiply
    /// ```
    public var primitiveName: String { primitive?.name ?? "leaf" }
    /// Whether this variable was created by the user rather than by an operation.
    ///
    /// ```swift
    /// w.isLeaf              // true
    /// (w * 2).isLeaf        // false
    /// ```
    public let isLeaf: Bool

    // The tape's bookkeeping below (and `version`) is read or written on every record,
    // backward step and release, and no access to it overlaps another (each is one load or
    // store), so Swift's run-time exclusivity checks on it could never fire, hence `unchecked`.

    /// Creation depth: larger than every input's, so sorting by it orders the graph.
    let depth: Int
    @exclusivity(unchecked) var inputs: NodeList<Variable>
    /// The vector-Jacobian product: from this node and the gradient of its value to the
    /// gradients of its inputs (nil where an input needs none). Cleared once used.
    @exclusivity(unchecked) var pullback: ((_ out: Variable, _ grad: Variable) -> Gradients)?
    /// What a pullback returns: one gradient per input, nil where that input needs none.
    typealias Gradients = NodeList<Variable?>
    @exclusivity(unchecked) var isReleased = false
    /// What the pullback reads, as its record call declared it (see `markSavedValues`).
    let reads: Reads
    /// The versions of the inputs' values when this node was recorded, which the backward pass
    /// compares with theirs now (`checkSavedValues`). The first two inputs' are kept inline:
    /// every primitive but `concatenate` has at most two, so recording allocates nothing more.
    let savedVersions: (first: Int, second: Int)
    /// Nil unless there are more than two inputs: an empty array is still retained and released.
    let laterSavedVersions: [Int]?
    /// The scalar constant of `scale`, `divideByConstant`, `pow` and `maximum` (0 otherwise),
    /// read by their pullbacks from the node: a captured constant is a closure context, one
    /// more allocation per node.
    let parameter: Scalar
    /// Where the primitive was recorded, kept only inside `withAnomalyDetection`: for a
    /// backward anomaly's report.
    @exclusivity(unchecked) var recordedAt: [CodeLocation]?
    /// Whether a recorded pullback reads this value (its own or a consumer's; see `Reads`), so
    /// it is never freed. Atomic: consumers of one node may be recorded on several threads.
    let isValueSaved = Atomic<Bool>(false)
    /// Whether the value's elements were freed (`releaseUnreadValues`); its shape remains.
    let isValueFreed = Atomic<Bool>(false)

    /// A leaf that requires gradients: a parameter or an input you differentiate with respect to.
    ///
    /// ```swift
    /// let w = Variable(Tensor<Double>([0.5, -1], shape: [2, 1]))
    /// let fixed = Variable(Tensor<Double>([1, 2]), requiresGrad: false)   // a constant, not a parameter
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public init(_ value: Tensor<Scalar>, requiresGrad: Bool = true) {
        self.storedValue = value
        self.storedRequiresGrad = requiresGrad
        self.isParameter = requiresGrad
        self.primitive = nil
        self.isLeaf = true
        self.depth = 0
        self.inputs = NodeList()
        self.savedVersions = (0, 0)
        self.laterSavedVersions = nil
        self.parameter = 0
        self.reads = .nothing
    }

    /// A leaf that never receives gradients (data, labels, masks).
    ///
    /// ```swift
    /// let x = Variable(constant: Tensor<Double>([1, 2, 3, 4], shape: [2, 2]))
    /// ```
    public convenience init(constant value: Tensor<Scalar>) { self.init(value, requiresGrad: false) }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    init(value: Tensor<Scalar>, primitive: Primitive, inputs: NodeList<Variable>, reads: Reads, parameter: Scalar,
         pullback: @escaping (Variable, Variable) -> Gradients) {
        self.storedValue = value
        self.storedRequiresGrad = true
        self.isParameter = false
        self.primitive = primitive
        self.isLeaf = false
        // One borrowed pass over the inputs, and the list moved in last: reading them through
        // loops and subscripts is ten retains and ten releases per node.
        var depth = 0, versions = (first: 0, second: 0)
        inputs.forEachBorrowed { i, input in
            if input.depth >= depth { depth = input.depth + 1 }
            if i == 0 { versions.first = input.version } else if i == 1 { versions.second = input.version }
        }
        self.depth = depth
        self.reads = reads
        self.savedVersions = versions
        self.laterSavedVersions = inputs.count > 2 ? inputs.dropFirst(2).map(\.version) : nil
        self.pullback = pullback
        self.parameter = parameter
        self.inputs = inputs
    }

    deinit {
        // Free the graph behind this node with a loop: the default release recurses once per
        // node and overflows the stack on a long chain (a running total of losses, say).
        // `pullback` goes first because it captures the inputs too. Constants and nodes already
        // released by a backward pass (nearly all) have nothing to free.
        if inputs.count == 0 { return }
        pullback = nil
        var stack = Array(inputs)
        inputs = NodeList()
        while var node = stack.popLast() {
            guard isKnownUniquelyReferenced(&node) else { continue }
            node.pullback = nil
            stack.append(contentsOf: node.inputs)
            node.inputs = NodeList()
        }
    }

    /// The value's shape (kept when the graph frees an unread value's elements).
    public var shape: [Int] { storedValue.shape }

    /// The same value cut off from the tape: gradients do not flow through it.
    ///
    /// ```swift
    /// let shift = x.max(alongAxis: -1, keepingDimensions: true).detached()
    /// ```
    public func detached() -> Variable { Variable(constant: value) }

    /// Clears the accumulated gradient.
    ///
    /// ```swift
    /// for p in [w, b] { p.zeroGrad() }   // before the next backward()
    /// ```
    public func zeroGrad() { grad = nil }

    /// `gradient` if this variable takes a gradient, else nil without evaluating it.
    @inline(__always)
    func needing(_ gradient: @autoclosure () -> Variable) -> Variable? {
        requiresGrad ? gradient() : nil
    }

    /// Records the result of a primitive (each listed, with its derivative, in `Primitive`).
    /// When gradients are off, or no input needs one, the result is a constant and nothing is
    /// kept. `reads` is what the pullback reads besides the gradient; nothing else is kept for
    /// it. Inside `withAnomalyDetection` the value of every primitive with an input that
    /// requires gradients is checked; `call` is where the user called a named operation (nil
    /// for an operator), read only then. `parameter` is the node's scalar constant, if any.
    /// The pullback may return an input's gradient in the output's broadcast shape: the
    /// backward pass sums it back (`BackwardPass.unbroadcast`).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func record(_ primitive: Primitive, _ value: Tensor<Scalar>, _ inputs: consuming NodeList<Variable>, reads: Reads,
                       at call: CodeLocation? = nil, parameter: Scalar = 0,
                       pullback: @escaping (_ out: Variable, _ grad: Variable) -> Gradients) -> Variable {
        var needed = false
        inputs.forEachBorrowed { _, input in needed = needed || input.requiresGrad }
        // Operations on constants alone (most of a backward pass's) neither record nor read
        // the task-local mode: reading it for them too would be a task-local lookup per
        // backward step.
        guard needed else { return Variable(constant: value) }
        let mode = TapeMode.current
        if let anomalies = mode.anomalies { anomalies.checkForward(primitive, value, inputs, at: call) }
        guard mode.isRecording else { return Variable(constant: value) }
        let result = Variable(value: value, primitive: primitive, inputs: inputs, reads: reads, parameter: parameter,
                              pullback: pullback)
        if let anomalies = mode.anomalies { result.recordedAt = anomalies.location(of: call) }
        result.markSavedValues()
        result.releaseUnreadValues()
        return result
    }

    /// `record` for a primitive of one input: on a constant (every operation of a backward
    /// pass that does not create a graph) it returns before any input list is built.
    @inline(__always)
    static func record(_ primitive: Primitive, _ value: Tensor<Scalar>, _ x: Variable, reads: Reads,
                       at call: CodeLocation? = nil, parameter: Scalar = 0,
                       pullback: @escaping (_ out: Variable, _ grad: Variable) -> Gradients) -> Variable {
        guard x.requiresGrad else { return Variable(constant: value) }
        return record(primitive, value, NodeList(x), reads: reads, at: call, parameter: parameter, pullback: pullback)
    }

    /// `record` for a primitive of two inputs, inlined as the one-input form.
    @inline(__always)
    static func record(_ primitive: Primitive, _ value: Tensor<Scalar>, _ x: Variable, _ y: Variable, reads: Reads,
                       at call: CodeLocation? = nil,
                       pullback: @escaping (_ out: Variable, _ grad: Variable) -> Gradients) -> Variable {
        guard x.requiresGrad || y.requiresGrad else { return Variable(constant: value) }
        return record(primitive, value, NodeList(x, y), reads: reads, at: call, pullback: pullback)
    }
}

extension Variable: CustomStringConvertible {
    /// The producing primitive (or `leaf`), the value and whether it requires gradients.
    ///
    /// ```swift
    /// print(x * w)     // Variable(multiply, [...], requiresGrad)
    /// ```
    public var description: String {
        "Variable(\(primitiveName), \(value)\(requiresGrad ? ", requiresGrad" : ""))"
    }
}

extension Variable: @unchecked Sendable {}

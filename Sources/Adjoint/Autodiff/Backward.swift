// The reverse pass: walk the recorded graph from the output back to the leaves.
import Synchronization

/// Numbers each backward pass, so nodes can be marked visited without a set.
let backwardPasses = Atomic<Int>(0)

extension Variable {
    /// Accumulates d(self)/d(leaf) into `grad` of every leaf that requires gradients and
    /// took part; a leaf the output does not depend on keeps its `grad` (nil if never set).
    ///
    /// Writing `grad` is not synchronised: to differentiate graphs that share leaves on several
    /// threads at once, use `gradients(of:wrt:)`, which writes nothing to the leaves.
    ///
    /// - Parameters:
    ///   - seed: the gradient of some downstream scalar with respect to `self`; defaults to 1
    ///     for a one-element output.
    ///   - retainGraph: keep the recorded graph (and its saved values) so a second backward
    ///     can run; by default it is freed as it is used.
    public func backward(seed: Tensor<Scalar>? = nil, retainGraph: Bool = false) {
        _ = propagate(from: self, seed: seed, targets: [], retainGraph: retainGraph,
                      createGraph: false, accumulateIntoLeaves: true, op: "backward")
    }
}

/// The gradients of `output` with respect to each of `inputs` (zeros for an input it does not
/// depend on), without touching any `grad`.
///
/// With `createGraph`, the backward pass itself is recorded, so the returned gradients can be
/// differentiated again (Hessian-vector products, gradient penalties).
///
/// ```swift
/// let (g) = gradients(of: (x * x * x).sum(), wrt: [x], createGraph: true)[0]   // 3x^2
/// let h = gradients(of: (g * v).sum(), wrt: [x])[0]                             // 6x * v
/// ```
public func gradients<S>(of output: Variable<S>, wrt inputs: [Variable<S>], seed: Tensor<S>? = nil,
                         retainGraph: Bool? = nil, createGraph: Bool = false) -> [Variable<S>] {
    propagate(from: output, seed: seed, targets: inputs, retainGraph: retainGraph ?? createGraph,
              createGraph: createGraph, accumulateIntoLeaves: false, op: "gradients")
}

/// The value of `output` and its gradients with respect to `inputs`, freeing the graph.
///
/// ```swift
/// let (loss, grads) = valueWithGradient(of: model(x), wrt: [w, b])
/// ```
public func valueWithGradient<S>(of output: Variable<S>, wrt inputs: [Variable<S>]) -> (value: Tensor<S>, gradients: [Tensor<S>]) {
    (output.value, gradients(of: output, wrt: inputs).map(\.value))
}

/// The shared reverse pass. Iterative (no recursion limit): collect the nodes reachable from
/// `output`, visit them in decreasing creation depth (a reverse topological order), and sum
/// the gradients arriving at each node before passing them on.
@_specialize(where S == Float)
@_specialize(where S == Double)
func propagate<S>(from output: Variable<S>, seed: Tensor<S>?, targets: [Variable<S>], retainGraph: Bool,
                  createGraph: Bool, accumulateIntoLeaves: Bool, op: String) -> [Variable<S>] {
    check(output.requiresGrad,
          "\(op): the output does not require gradients (no input requires them, or it was computed without gradients)")
    let seed = seed ?? {
        check(output.value.count == 1,
              "\(op): output of shape \(describe(output.shape)) is not a scalar; pass a seed gradient of that shape")
        return Tensor(repeating: 1, shape: output.shape)
    }()
    check(seed.shape == output.shape,
          "\(op): seed shape \(describe(seed.shape)) differs from output shape \(describe(output.shape))")

    // Collect the graph with an explicit stack.
    let pass = backwardPasses.add(1, ordering: .relaxed).newValue
    var nodes: [Variable<S>] = []
    var stack = [output]
    if !output.isLeaf { output.visitedBy = pass }
    while let node = stack.popLast() {
        nodes.append(node)
        if !node.isLeaf && node.isReleased {
            fatalError("\(op): the graph through `\(node.op)` (shape \(describe(node.shape))) was freed by an earlier backward; pass retainGraph: true to the first one to keep it")
        }
        for input in node.inputs where input.requiresGrad {
            if input.isLeaf {
                nodes.append(input)   // may repeat; the first visit takes the whole gradient
            } else if input.visitedBy != pass {
                input.visitedBy = pass
                stack.append(input)
            }
        }
    }
    nodes.sort { $0.depth > $1.depth }

    var results = [Variable<S>?](repeating: nil, count: targets.count)
    var targetIndex: [ObjectIdentifier: [Int]] = [:]
    for (i, t) in targets.enumerated() { targetIndex[ObjectIdentifier(t), default: []].append(i) }

    // Gradients in flight: on each result node, and in a dictionary for leaves, which may be
    // shared by graphs that other threads differentiate at the same time.
    var pendingLeaves: [ObjectIdentifier: Variable<S>] = [:]
    func pending(_ node: Variable<S>) -> Variable<S>? {
        if node.isLeaf { return pendingLeaves.removeValue(forKey: ObjectIdentifier(node)) }
        defer { node.pendingGrad = nil }
        return node.pendingGrad
    }
    func accumulate(_ grad: Variable<S>, into node: Variable<S>) {
        if node.isLeaf {
            let key = ObjectIdentifier(node)
            pendingLeaves[key] = pendingLeaves[key].map { $0 + grad } ?? grad
        } else {
            node.pendingGrad = node.pendingGrad.map { $0 + grad } ?? grad
        }
    }
    GradMode.with(createGraph) {
        accumulate(Variable(constant: seed), into: output)
        for node in nodes {
            guard let grad = pending(node) else { continue }
            if let indices = targetIndex[ObjectIdentifier(node)] { for i in indices { results[i] = grad } }
            if node.isLeaf {
                if accumulateIntoLeaves { node.grad = node.grad.map { $0 + grad.value } ?? grad.value }
                continue
            }
            let inputGrads = node.pullback!(node, grad)
            for i in 0..<inputGrads.count {
                let input = node.inputs[i]
                guard let inputGrad = inputGrads[i], input.requiresGrad else { continue }
                check(inputGrad.shape == input.shape,
                      "\(op): internal error: `\(node.op)` returned a gradient of shape \(describe(inputGrad.shape)) for an input of shape \(describe(input.shape))")
                accumulate(inputGrad, into: input)
            }
            if !retainGraph {
                node.pullback = nil
                node.inputs = []
                node.isReleased = true
            }
        }
    }
    return zip(targets, results).map { target, grad in grad ?? Variable(constant: .zeros(target.shape)) }
}

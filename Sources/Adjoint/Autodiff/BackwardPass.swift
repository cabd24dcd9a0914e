// One run of the reverse pass. Everything it tracks (which nodes it reached, the gradients
// in flight) lives in this value, none of it on the nodes, so threads may differentiate graphs
// that share any node, leaf or result, at the same time.

/// The nodes reachable from an output, numbered by slot, and the gradient in flight for each.
///
/// Iterative (no recursion limit): the nodes are collected with an explicit stack, visited in
/// decreasing creation depth (a reverse topological order), and the gradients arriving at a
/// node used several times are summed before it passes them on.
///
/// ```swift
/// var pass = BackwardPass(from: loss, entryPoint: "backward")
/// _ = pass.run(seed: .ones(loss.shape), targets: [], retainGraph: false, accumulateIntoLeaves: true,
///              anomalies: nil, startedAt: CodeLocation())
/// ```
struct BackwardPass<S: TensorScalar> {
    /// The call that started the pass (`backward`, `gradients`), for messages.
    private let entryPoint: String
    private var slots: NodeSlots
    /// The reached nodes, by slot: the output is slot 0.
    private var nodes: [Variable<S>]
    /// Whether `nodes` is already in decreasing depth (a chain always is), so no sort is needed.
    private var inOrder = true

    /// Collects the nodes that require gradients reachable from `output`; stops if part of the
    /// graph was freed by an earlier pass.
    init(from output: Variable<S>, entryPoint: String) {
        self.entryPoint = entryPoint
        slots = NodeSlots(expectedCount: output.depth + 1)
        _ = slots.insert(ObjectIdentifier(output))
        nodes = [output]
        var stack = [output]
        while let node = stack.popLast() {
            if !node.isLeaf && node.isReleased {
                fatalError("\(entryPoint): the graph through `\(node.primitiveName)` (shape \(describe(node.shape))) was freed by an earlier backward; pass retainGraph: true to the first one to keep it")
            }
            // Indexed: iterating a `NodeList` copies it, a retain and a release per element.
            // `forEachBorrowed` does not help here: a list read from a node is copied anyway,
            // and the closure costs more.
            for i in 0..<node.inputs.count {
                let input = node.inputs[i]
                guard input.requiresGrad && slots.insert(ObjectIdentifier(input)).isNew else { continue }
                if input.depth > nodes[nodes.count - 1].depth { inOrder = false }
                nodes.append(input)
                if !input.isLeaf { stack.append(input) }
            }
        }
    }

    /// Pulls `seed` back to every node and returns the gradient of each of `targets` (nil for
    /// one not reached). Leaves receive theirs in `grad` if `accumulateIntoLeaves`; each node's
    /// pullback and saved inputs are freed after use unless `retainGraph`.
    ///
    /// With `anomalies` (inside `withAnomalyDetection`), each pullback's gradients are checked,
    /// and the pass stops without results when one is not finite or an anomaly was found
    /// before. Leaves have depth 0, so they come last: stopping early writes no `grad`.
    mutating func run(seed: Tensor<S>, targets: [Variable<S>], retainGraph: Bool, accumulateIntoLeaves: Bool,
                      anomalies: AnomalyContext?, startedAt call: CodeLocation) -> [Variable<S>?] {
        let targetSlots = targets.map { slots[ObjectIdentifier($0)] }
        var results = [Variable<S>?](repeating: nil, count: targets.count)
        let noResults = results
        if let anomalies, anomalies.found.first != nil { return noResults }
        var pending = [Variable<S>?](repeating: nil, count: nodes.count)
        pending[0] = Variable(constant: seed)
        let order = inOrder ? nil : reverseTopologicalOrder()
        for k in 0..<nodes.count {
            let slot = order?[k] ?? k
            guard let grad = pending[slot].take() else { continue }
            for (i, target) in targetSlots.enumerated() where target == slot { results[i] = grad }
            let node = nodes[slot]
            if node.isLeaf {
                if accumulateIntoLeaves { node.grad = node.grad.map { $0 + grad.value } ?? grad.value }
                continue
            }
            node.checkSavedValues(entryPoint: entryPoint)
            var inputGrads = node.pullback!(node, grad)
            for i in 0..<inputGrads.count {
                let input = node.inputs[i]
                guard var inputGrad = inputGrads[i], input.requiresGrad else { continue }
                if inputGrad.shape != input.shape {
                    inputGrad = unbroadcast(inputGrad, to: input.shape, input: i, of: node)
                    inputGrads[i] = inputGrad
                }
                let inputSlot = slots[ObjectIdentifier(input)]!
                pending[inputSlot] = pending[inputSlot].take().map { $0 + inputGrad } ?? inputGrad
            }
            // After the gradients are passed on: stopping returns no results and writes no
            // leaf's `grad` (leaves come last), so what was passed on is never read.
            if let anomalies, anomalies.checkBackward(node, grad: grad, inputGrads: inputGrads, startedAt: call) {
                return noResults
            }
            if !retainGraph {
                node.pullback = nil
                node.inputs = NodeList()
                node.isReleased = true
            }
        }
        return results
    }

    /// `gradient`, returned by the pullback of `node` for its input `i` in the output's
    /// broadcast shape, summed back to that input's `shape` with the same sums, in the same
    /// order, as a rule's own `sum(toShape:)` would: so no rule undoes broadcasting itself. A
    /// shape the input does not broadcast to is a bug in the pullback: it stops, naming it.
    private func unbroadcast(_ gradient: Variable<S>, to shape: [Int], input i: Int, of node: Variable<S>) -> Variable<S> {
        check(broadcastShape(shape, gradient.shape) == gradient.shape,
              "\(entryPoint): the pullback of `\(node.primitiveName)` returned a gradient of shape \(describe(gradient.shape)) for input \(i) of shape \(describe(shape))")
        return gradient.sum(toShape: shape)
    }

    /// The slots by decreasing creation depth (every node's depth exceeds its inputs'). A
    /// counting sort: the depths lie in `0...output.depth`, and the output's depth is below
    /// the node count (each step of its longest path is a node of the graph), so it is linear.
    private func reverseTopologicalOrder() -> [Int] {
        let maxDepth = nodes[0].depth
        var starts = [Int](repeating: 0, count: maxDepth + 2)
        for node in nodes { starts[maxDepth - node.depth + 1] += 1 }
        for d in 0...maxDepth { starts[d + 1] += starts[d] }
        var order = [Int](repeating: 0, count: nodes.count)
        for (slot, node) in nodes.enumerated() {
            order[starts[maxDepth - node.depth]] = slot
            starts[maxDepth - node.depth] += 1
        }
        return order
    }
}

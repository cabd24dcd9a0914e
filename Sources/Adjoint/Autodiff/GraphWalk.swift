// Reading a recorded graph without differentiating it: which nodes and primitives it holds.

extension Variable {
    /// Every variable of the graph recorded behind this one, each once: this variable first,
    /// then the results, leaves and constants it was computed from, in depth-first order.
    /// Iterative, so a long chain does not overflow the stack. A graph freed by `backward()`
    /// has no inputs left, so only its output remains.
    func recordedNodes() -> [Variable] {
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var nodes: [Variable] = []
        var stack = [self]
        while let node = stack.popLast() {
            nodes.append(node)
            for input in node.inputs.reversed() where seen.insert(ObjectIdentifier(input)).inserted {
                stack.append(input)
            }
        }
        return nodes
    }

    /// The primitives recorded in the graph behind this variable (empty for a leaf or a
    /// constant).
    ///
    /// ```swift
    /// let loss = (x.matmul(w) + b).tanh().sum()
    /// loss.recordedPrimitives        // [.sum, .tanh, .add, .matmul]
    /// ```
    public var recordedPrimitives: Set<Primitive> { Set(recordedNodes().compactMap(\.primitive)) }
}

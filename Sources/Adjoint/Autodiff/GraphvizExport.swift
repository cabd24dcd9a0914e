// The recorded graph as Graphviz DOT, to look at what a model records.
import Foundation

extension Variable {
    /// The graph recorded behind this variable in Graphviz DOT: one node per variable, each
    /// result labelled with its primitive (a fused one with the primitives it stands for) and
    /// output shape, each leaf with its entry in `labels` (a parameter path, say) or else
    /// `input` (it requires gradients) or `constant`,
    /// and an edge from every input to each result computed from it (twice for `x * x`).
    /// With `gradients`, leaves that hold a `grad` also show its Euclidean norm. Render with
    /// `dot -Tsvg graph.dot -o graph.svg`.
    ///
    /// ```swift
    /// let loss = (x.matmul(w) + b).relu().sum()
    /// let dot = loss.dot(labels: [ObjectIdentifier(w): "fc.weight", ObjectIdentifier(b): "fc.bias"])
    /// try dot.write(toFile: "graph.dot", atomically: true, encoding: .utf8)
    /// ```
    public func dot(labels: [ObjectIdentifier: String] = [:], gradients: Bool = false) -> String {
        let nodes = recordedNodes()
        var names: [ObjectIdentifier: String] = [:]
        for (i, node) in nodes.enumerated() { names[ObjectIdentifier(node)] = "n\(i)" }
        var lines = ["digraph tape {", "  rankdir=BT;", "  node [fontname=\"Helvetica\", fontsize=10];"]
        for node in nodes {
            let id = ObjectIdentifier(node)
            var label: String, style: String
            if let primitive = node.primitive {
                label = primitive.name
                if !primitive.fusedPrimitives.isEmpty { label += "\nfuses " + primitive.fusedPrimitives.map(\.name).joined(separator: ", ") }
                style = "shape=ellipse"
            } else {
                label = labels[id] ?? (node.requiresGrad ? "input" : "constant")
                style = node.requiresGrad ? "shape=box, style=filled, fillcolor=\"#dce8f7\"" : "shape=box"
            }
            label += "\n" + describe(node.shape)
            if gradients, node.isLeaf, let grad = node.grad {
                label += String(format: "\ngrad norm %.3g", Double(grad.squared().sum().scalar).squareRoot())
            }
            lines.append("  \(names[id]!) [label=\"\(Self.escapedForDOT(label))\", \(style)];")
        }
        for node in nodes {
            for input in node.inputs { lines.append("  \(names[ObjectIdentifier(input)]!) -> \(names[ObjectIdentifier(node)]!);") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` inside a DOT string: quotes and backslashes escaped, newlines as `\n`.
    static func escapedForDOT(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

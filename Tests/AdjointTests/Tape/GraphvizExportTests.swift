import Testing
@testable import Adjoint

// The DOT export has one node per variable and one edge per input of each result.

@Suite struct GraphvizExportTests {
    @Test func nodesEdgesAndLabelsOfASmallGraph() {
        let w = V(T([1, -2, 3]))
        let data = V(constant: T([0.5, 0.5, 0.5]))
        let bias = V(T([0.1, 0.2, 0.3]))
        let loss = ((w * data).tanh() + bias * bias).sum()
        let dot = loss.dot(labels: [ObjectIdentifier(w): "fc.weight"])
        print(dot)
        let lines = dot.split(separator: "\n").map(String.init)
        let nodeLines = lines.filter { $0.contains("[label=") }
        let edges = lines.filter { $0.contains(" -> ") }
        // w, data, bias; multiply, tanh, multiply (bias * bias), add, sum.
        #expect(nodeLines.count == 8)
        #expect(edges.count == 8)   // 2 + 1 + 2 (bias twice) + 2 + 1
        #expect(lines.first == "digraph tape {" && lines.last == "}")
        #expect(nodeLines.contains { $0.contains("label=\"fc.weight\\n[3]\"") && $0.contains("filled") })
        #expect(nodeLines.contains { $0.contains("label=\"constant\\n[3]\"") })
        #expect(nodeLines.contains { $0.contains("label=\"input\\n[3]\"") })
        #expect(nodeLines.contains { $0.contains("label=\"sum\\n[]\"") })
        #expect(nodeLines.filter { $0.contains("label=\"multiply\\n[3]\"") }.count == 2)
        // The output is n0; every edge runs between declared nodes.
        #expect(nodeLines.first?.contains("sum") == true)
        let declared = Set(nodeLines.map { String($0.split(separator: " ")[0]) })
        for edge in edges {
            let ends = edge.replacingOccurrences(of: ";", with: "").split(separator: " ").filter { $0 != "->" }.map(String.init)
            #expect(ends.count == 2 && ends.allSatisfy(declared.contains), "\(edge)")
        }
        // The bias is used twice by one multiply: two parallel edges into it.
        let biasNode = nodeLines.first { $0.contains("input") }!.split(separator: " ")[0]
        #expect(edges.filter { $0.hasPrefix("  \(biasNode) -> ") }.count == 2)
    }

    @Test func gradientNormsAndEscaping() {
        let w = V(T([3, 4]))
        let loss = (w * 1).sum()
        loss.backward(retainGraph: true)
        let dot = loss.dot(labels: [ObjectIdentifier(w): "layer \"a\"\\b"], gradients: true)
        #expect(dot.contains("label=\"layer \\\"a\\\"\\\\b\\n[2]\\ngrad norm 1.41\""))
        #expect(!loss.dot().contains("grad norm"))
    }
}

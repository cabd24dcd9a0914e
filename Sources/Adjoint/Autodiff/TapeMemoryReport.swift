// What a recorded graph keeps alive until its backward pass frees it, by primitive.
import Foundation

/// The memory a recorded graph holds before `backward()` frees it: per primitive the number of
/// nodes and the bytes of their values, the total, and the largest tensors.
///
/// "Saved values" are the values of the variables the graph reaches that are still alive:
/// each result's that a pullback reads (its own, as `exp`'s and `tanh`'s, or a consumer's, as
/// `matmul`'s inputs; see each record call's `reads`) or that something besides the graph holds,
/// and the leaves' and constants' it was computed from (listed as `leaf` and `constant`). The
/// graph frees a result's value that no pullback reads once only the graph holds it; such a
/// node counts 0 bytes. A storage shared by several variables (a `reshape` shares its
/// input's) is counted once, for the earliest one that still holds it. Tensors a pullback
/// captures that are no variable's value (the mask of `select`) are not counted, nor are
/// gradients.
///
/// ```swift
/// let loss = x.matmul(w).tanh().sum()
/// let report = loss.memoryReport()
/// print(report)               // an aligned table, largest first
/// report.totalBytes           // Int: 8 * (x.count + w.count + 2 * x.shape[0] * w.shape[1] + 1)
/// ```
public struct TapeMemoryReport: Sendable, CustomStringConvertible {
    /// One primitive (or `leaf`, `constant`) and what its nodes keep.
    ///
    /// ```swift
    /// for row in report.rows { print(row.primitiveName, row.nodes, row.bytes, row.share) }
    /// ```
    public struct Row: Sendable, Equatable {
        /// The primitive's name, `leaf` or `constant`.
        public let primitiveName: String
        /// How many variables of the graph it produced (or are leaves, constants).
        public let nodes: Int
        /// Bytes of the values counted for these nodes.
        public let bytes: Int
        /// `bytes / totalBytes` (0 when nothing is kept).
        public let share: Double
    }

    /// One tensor among the largest the graph keeps, and the node whose value it is.
    ///
    /// ```swift
    /// for t in report.largest { print(t.primitiveName, t.shape, t.bytes) }
    /// ```
    public struct SavedTensor: Sendable, Equatable {
        /// The primitive that produced it, `leaf` or `constant`.
        public let primitiveName: String
        /// The tensor's shape.
        public let shape: [Int]
        /// `count * MemoryLayout<Scalar>.stride`.
        public let bytes: Int
    }

    /// By decreasing bytes (then name).
    public let rows: [Row]
    /// Every variable the graph reaches.
    ///
    /// ```swift
    /// let nodes = loss.memoryReport().totalNodes
    /// ```
    public let totalNodes: Int
    /// The sum of the rows' bytes.
    ///
    /// ```swift
    /// let bytes = loss.memoryReport().totalBytes
    /// ```
    public let totalBytes: Int
    /// The largest tensors, largest first.
    ///
    /// ```swift
    /// let top = loss.memoryReport(largest: 3).largest   // up to 3 tensors
    /// ```
    public let largest: [SavedTensor]

    /// The rows as an aligned table, a line for each fused primitive naming what it fuses,
    /// then the largest tensors.
    ///
    /// ```swift
    /// print(loss.memoryReport())   // primitive  nodes  saved  share, one row per primitive
    /// ```
    public var description: String {
        let table = rows.map { [$0.primitiveName, "\($0.nodes)", Self.format(bytes: $0.bytes), String(format: "%.1f %%", 100 * $0.share)] }
            + [["total", "\(totalNodes)", Self.format(bytes: totalBytes), totalBytes > 0 ? "100.0 %" : "0.0 %"]]
        let header = ["primitive", "nodes", "saved", "share"]
        let widths = (0..<4).map { column in ([header] + table).map { $0[column].count }.max()! }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var lines = [line(header)] + table.map(line)
        for row in rows {
            guard let fused = Primitive.fused.first(where: { $0.name == row.primitiveName }) else { continue }
            lines.append("\(fused.name) fuses \(fused.fusedPrimitives.map(\.name).joined(separator: ", "))")
        }
        if !largest.isEmpty {
            lines.append("largest tensors:")
            let sizes = largest.map { Self.format(bytes: $0.bytes) }, shapes = largest.map { describe($0.shape) }
            let (sizeWidth, shapeWidth) = (sizes.map(\.count).max()!, shapes.map(\.count).max()!)
            for (tensor, (size, shape)) in zip(largest, zip(sizes, shapes)) {
                lines.append("  " + String(repeating: " ", count: sizeWidth - size.count) + size + "  "
                             + shape + String(repeating: " ", count: shapeWidth - shape.count) + "  " + tensor.primitiveName)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `512 B`, `12.0 KiB`, `3.5 MiB`, `1.2 GiB`.
    static func format(bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}

extension Variable {
    /// What the graph recorded behind this variable keeps alive, by primitive (see
    /// `TapeMemoryReport` for what is counted). Call it before `backward()`, which frees the
    /// graph as it goes.
    ///
    /// ```swift
    /// print(model(x).memoryReport(largest: 3))
    /// ```
    public func memoryReport(largest count: Int = 5) -> TapeMemoryReport {
        // Producers first, so a storage shared with a later variable is charged to its producer.
        let nodes = recordedNodes().enumerated().sorted { ($0.element.depth, $0.offset) < ($1.element.depth, $1.offset) }.map(\.element)
        var counted: Set<ObjectIdentifier> = []
        var rows: [String: (nodes: Int, bytes: Int)] = [:]
        var tensors: [TapeMemoryReport.SavedTensor] = []
        for node in nodes {
            let name = node.isLeaf && !node.requiresGrad ? "constant" : node.primitiveName
            let isNew = !node.valueIsFreed && counted.insert(ObjectIdentifier(node.storedValue.storage)).inserted
            let bytes = isNew ? node.storedValue.count * MemoryLayout<Scalar>.stride : 0
            rows[name, default: (0, 0)].nodes += 1
            rows[name, default: (0, 0)].bytes += bytes
            if isNew { tensors.append(.init(primitiveName: name, shape: node.shape, bytes: bytes)) }
        }
        let total = rows.values.reduce(0) { $0 + $1.bytes }
        return TapeMemoryReport(
            rows: rows.map { TapeMemoryReport.Row(primitiveName: $0.key, nodes: $0.value.nodes, bytes: $0.value.bytes,
                                                  share: total == 0 ? 0 : Double($0.value.bytes) / Double(total)) }
                .sorted { ($0.bytes, $1.primitiveName) > ($1.bytes, $0.primitiveName) },
            totalNodes: nodes.count, totalBytes: total,
            largest: Array(tensors.enumerated().sorted { ($0.element.bytes, $1.offset) > ($1.element.bytes, $0.offset) }
                .prefix(count).map(\.element)))
    }
}

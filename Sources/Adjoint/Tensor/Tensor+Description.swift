// NumPy-like printing: nested brackets, aligned numbers, long axes elided, the shape shown.

extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// Axes longer than this print their first and last three entries around `...`.
    static var elisionThreshold: Int { 6 }

    public var description: String {
        let values = scalars
        let texts = values.map { Tensor.format($0) }
        let width = texts.map(\.count).max() ?? 0
        let strides = contiguousStrides(shape)
        func render(axis: Int, offset: Int, indent: String) -> String {
            if axis == rank { return String(repeating: " ", count: width - texts[offset].count) + texts[offset] }
            let size = shape[axis]
            var indices = Array(0..<size)
            var elided = false
            if size > Tensor.elisionThreshold { indices = [0, 1, 2, size - 3, size - 2, size - 1]; elided = true }
            var parts = indices.map { render(axis: axis + 1, offset: offset + $0 * strides[axis], indent: indent + " ") }
            if elided { parts.insert("...", at: 3) }
            let separator = axis == rank - 1 ? ", " : ",\n" + String(repeating: "\n", count: rank - axis - 2) + indent + " "
            return "[" + parts.joined(separator: separator) + "]"
        }
        return render(axis: 0, offset: 0, indent: "") + (rank == 0 ? "" : ", shape \(describe(shape))")
    }

    public var debugDescription: String { "Tensor<\(Scalar.self)>(\(description))" }

    static func format(_ x: Scalar) -> String {
        let d = Double(x)
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        if d == d.rounded() && Swift.abs(d) < 1e6 { return String(Int(d)) + "." }
        let magnitude = Swift.abs(d)
        if magnitude >= 1e-4 && magnitude < 1e6 {
            var text = String(format4: d)
            while text.hasSuffix("0") { text.removeLast() }
            return text
        }
        return "\(x)"
    }
}

extension String {
    /// `x` with four decimals, without Foundation's format strings.
    init(format4 x: Double) {
        let scaled = (Swift.abs(x) * 10_000).rounded()
        let whole = Int(scaled) / 10_000, fraction = Int(scaled) % 10_000
        let digits = String(fraction)
        self = (x < 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: 4 - digits.count) + digits
    }
}

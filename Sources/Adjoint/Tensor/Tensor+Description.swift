// NumPy-like printing: nested brackets, aligned numbers, long axes elided, the shape shown.

extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// Axes longer than this print their first and last three entries around `...`.
    static var elisionThreshold: Int { 6 }

    /// The elements as NumPy prints them: nested brackets, aligned numbers, axes longer than six
    /// shown as their first and last three entries around `...`, then the shape.
    ///
    /// ```swift
    /// print(Tensor<Double>([0.5, -1.25, 3]))   // [  0.5, -1.25,    3.], shape [3]
    /// ```
    public var description: String {
        let strides = contiguousStrides(shape)
        func shown(_ axis: Int) -> [Int] {
            let size = shape[axis]
            return size > Tensor.elisionThreshold ? [0, 1, 2, size - 3, size - 2, size - 1] : Array(0..<size)
        }
        // Format only the printed elements: a huge tensor prints a few dozen of its millions.
        var offsets = [0]
        for axis in 0..<rank { offsets = offsets.flatMap { base in shown(axis).map { base + $0 * strides[axis] } } }
        var texts: [Int: String] = [:]
        withUnsafeBufferPointer { x in for offset in offsets { texts[offset] = Tensor.format(x[offset]) } }
        let width = texts.values.map(\.count).max() ?? 0
        func render(axis: Int, offset: Int, indent: String) -> String {
            if axis == rank {
                let text = texts[offset]!
                return String(repeating: " ", count: width - text.count) + text
            }
            var parts = shown(axis).map { render(axis: axis + 1, offset: offset + $0 * strides[axis], indent: indent + " ") }
            if shape[axis] > Tensor.elisionThreshold { parts.insert("...", at: 3) }
            let separator = axis == rank - 1 ? ", " : ",\n" + String(repeating: "\n", count: rank - axis - 2) + indent + " "
            return "[" + parts.joined(separator: separator) + "]"
        }
        return render(axis: 0, offset: 0, indent: "") + (rank == 0 ? "" : ", shape \(describe(shape))")
    }

    /// `description` with the scalar type, as `debugPrint` and the debugger show it.
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

extension ConfusionMatrix {
    /// The matrix as a plain-text table for logs and `confusion.txt`: true classes down,
    /// predicted classes across, numbers right-aligned, each row's recall, then the accuracy.
    ///
    /// ```swift
    /// print(ConfusionMatrix(classNames: ["cat", "dog"], counts: [[5, 1], [2, 7]]).text())
    /// // true \ predicted  cat  dog  recall
    /// //              cat    5    1   83.3%
    /// //              dog    2    7   77.8%
    /// // accuracy 80.0% (12 of 15)
    /// ```
    public func text() -> String {
        let corner = "true \\ predicted"
        let labelWidth = (classNames + [corner]).map(\.count).max() ?? 0
        let widths = classNames.indices.map { column in
            Swift.max(classNames[column].count, counts.map { String($0[column]).count }.max() ?? 1)
        }
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: Swift.max(0, width - text.count)) + text
        }

        var lines = [([pad(corner, labelWidth)] + classNames.indices.map { pad(classNames[$0], widths[$0]) }
            + [pad("recall", 6)]).joined(separator: "  ")]
        for (row, name) in classNames.enumerated() {
            let cells = classNames.indices.map { pad(String(counts[row][$0]), widths[$0]) }
            lines.append(([pad(name, labelWidth)] + cells + [pad(percent(recall(ofClass: row)), 6)])
                .joined(separator: "  "))
        }
        lines.append("accuracy \(percent(accuracy)) (\(correct) of \(total))")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `0.8312` as `"83.1%"`; a missing value as `"-"`.
func percent(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "-" }
    let tenths = Int((value * 1000).rounded())
    return "\(tenths / 10).\(Swift.abs(tenths % 10))%"
}

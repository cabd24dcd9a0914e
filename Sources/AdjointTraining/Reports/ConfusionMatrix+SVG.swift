extension ConfusionMatrix {
    /// The matrix as an SVG heatmap: true classes down the left, predicted classes along the
    /// bottom, the count in every cell and each row's recall on the right.
    ///
    /// A cell's colour is its share of the row (of that true class), on a square-root scale so
    /// a 2 % confusion is visibly tinted rather than lost next to a 95 % diagonal. Counts are
    /// left out only when cells get too small for text (more than about 50 classes).
    ///
    /// ```swift
    /// let svg = ConfusionMatrix(classNames: ["cat", "dog"], counts: [[5, 1], [2, 7]]).svg()
    /// ```
    public func svg(title: String = "Confusion matrix") -> String {
        let n = classNames.count
        let cell = Swift.min(56, Swift.max(12, 480 / Double(Swift.max(n, 1))))
        let countSize = Swift.min(13, cell * 0.3)
        let nameWidth = classNames.map { ChartStyle.textWidth($0, size: ChartStyle.fontSize) }.max() ?? 0
        let subtitle = "rows: true class \u{b7} columns: predicted class \u{b7} colour: share of the row \u{b7} "
            + "accuracy \(percent(accuracy)) of \(total) samples"

        let left = 16 + 22 + nameWidth + 10
        let top = 78.0
        let grid = Double(n) * cell
        // Column names are turned 45 degrees, so they need about 0.71 of their length downwards.
        let bottom = 14 + nameWidth * 0.71 + 30 + 12
        let right = 70.0
        let width = Swift.max(left + grid + right,
                              32 + ChartStyle.textWidth(subtitle, size: ChartStyle.tickSize),
                              32 + ChartStyle.textWidth(title, size: ChartStyle.titleSize))
        let height = top + grid + bottom

        var canvas = SVGCanvas(width: width, height: height, title: title)
        canvas.add("text", ["class": "title", "x": "16", "y": "30", "font-size": px(ChartStyle.titleSize),
                            "font-weight": "600"], text: title)
        canvas.add("text", ["class": "subtitle", "x": "16", "y": "50", "font-size": px(ChartStyle.tickSize),
                            "fill": ChartStyle.mutedText], text: subtitle)
        canvas.add("text", ["class": "recall-header", "x": px(left + grid + 10), "y": px(top - 8),
                            "font-size": px(ChartStyle.tickSize), "fill": ChartStyle.mutedText], text: "recall")

        for row in 0..<n {
            let y = top + Double(row) * cell
            let rowTotal = counts[row].reduce(0, +)
            canvas.add("text", ["class": "row-label", "x": px(left - 10), "y": px(y + cell / 2 + ChartStyle.fontSize * 0.35),
                                "text-anchor": "end"], text: classNames[row])
            for column in 0..<n {
                let x = left + Double(column) * cell
                let count = counts[row][column]
                let share = rowTotal == 0 ? 0 : (Double(count) / Double(rowTotal)).squareRoot()
                canvas.add("rect", ["class": "cell", "x": px(x), "y": px(y), "width": px(cell), "height": px(cell),
                                    "fill": heatColor(share), "stroke": "#ffffff", "stroke-width": "1"])
                if countSize >= 7 {
                    let ink = share > 0.55 ? "#ffffff" : count == 0 ? "#b0b0b0" : ChartStyle.text
                    canvas.add("text", ["class": "count", "x": px(x + cell / 2), "y": px(y + cell / 2 + countSize * 0.35),
                                        "text-anchor": "middle", "font-size": px(countSize), "fill": ink],
                               text: String(count))
                }
            }
            canvas.add("text", ["class": "recall", "x": px(left + grid + 10), "y": px(y + cell / 2 + ChartStyle.tickSize * 0.35),
                                "font-size": px(ChartStyle.tickSize), "fill": ChartStyle.mutedText],
                       text: percent(recall(ofClass: row)))
        }
        for column in 0..<n {
            let x = left + Double(column) * cell + cell / 2 + ChartStyle.fontSize * 0.3, y = top + grid + 14
            canvas.add("text", ["class": "column-label", "x": px(x), "y": px(y), "text-anchor": "end",
                                "transform": "rotate(-45 \(px(x)) \(px(y)))"], text: classNames[column])
        }
        let middleY = top + grid / 2, labelX = 16 + ChartStyle.fontSize
        canvas.add("text", ["class": "axis-label", "x": px(labelX), "y": px(middleY), "text-anchor": "middle",
                            "transform": "rotate(-90 \(px(labelX)) \(px(middleY)))"], text: "true class")
        canvas.add("text", ["class": "axis-label", "x": px(left + grid / 2), "y": px(height - 14),
                            "text-anchor": "middle"], text: "predicted class")
        return canvas.document()
    }
}

/// White through light blue to dark blue for `t` in 0...1 (ColorBrewer's "Blues").
private func heatColor(_ t: Double) -> String {
    let stops: [(t: Double, rgb: (Double, Double, Double))] = [
        (0, (247, 251, 255)), (0.25, (198, 219, 239)), (0.6, (66, 146, 198)), (1, (8, 48, 107)),
    ]
    let t = Swift.min(1, Swift.max(0, t))
    let upper = stops.firstIndex { $0.t >= t } ?? stops.count - 1
    let lower = Swift.max(0, upper - 1)
    let span = stops[upper].t - stops[lower].t
    let f = span == 0 ? 0 : (t - stops[lower].t) / span
    let a = stops[lower].rgb, b = stops[upper].rgb
    return hexColor(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
}

/// `#rrggbb` for channel values in 0...255.
func hexColor(_ red: Double, _ green: Double, _ blue: Double) -> String {
    "#" + [red, green, blue].map { value in
        let byte = Int(Swift.min(255, Swift.max(0, value.rounded())))
        return (byte < 16 ? "0" : "") + String(byte, radix: 16)
    }.joined()
}

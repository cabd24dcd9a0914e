/// A line chart of one or more named series with nice axes, a title and a legend, as SVG.
///
/// Long noisy series (a loss per iteration) can be smoothed: the moving average is drawn as
/// the line and the raw values as a faint band behind it. Series longer than the plot is wide
/// are downsampled to the lowest and highest point per pixel column, so the file stays small
/// and spikes stay visible. Short series (up to 40 points, e.g. one per epoch) get markers.
///
/// ```swift
/// let chart = LineChart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy", series: [
///     ChartSeries("train", values: [0.41, 0.55, 0.62]),
///     ChartSeries("validation", values: [0.40, 0.51, 0.55]),
/// ])
/// try AtomicFile.write(Data(chart.svg().utf8), to: folder.appendingPathComponent("accuracy.svg"))
/// ```
public struct LineChart: Sendable {
    /// Drawn bold above the plot, and the document's `<title>`.
    public var title: String
    /// The axis captions; an empty one is left out, and its space with it.
    public var xLabel: String
    /// The caption of the y axis (see `xLabel`).
    public var yLabel: String
    /// Drawn in order, each in the next palette colour unless it names its own.
    ///
    /// ```swift
    /// chart.series.append(ChartSeries("test", values: [0.52, 0.58]))
    /// ```
    public var series: [ChartSeries]
    /// Fixed y bounds (e.g. `0...1`); nil fits the data.
    public var yRange: ClosedRange<Double>?
    /// The document's size in pixels.
    public var width: Double
    /// The document's height in pixels (see `width`).
    public var height: Double

    /// A chart of `series`; labels may be empty.
    ///
    /// ```swift
    /// let lossChart = LineChart(title: "Loss", xLabel: "iteration", series: [ChartSeries("loss", values: losses)])
    /// ```
    public init(title: String, xLabel: String = "", yLabel: String = "", series: [ChartSeries],
                yRange: ClosedRange<Double>? = nil, width: Double = 800, height: Double = 450) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.yRange = yRange
        self.width = width
        self.height = height
    }

    /// Series with at most this many points get a marker on every point.
    static let markerLimit = 40

    /// The chart as a standalone SVG document.
    ///
    /// ```swift
    /// let svg = LineChart(title: "Loss", series: [ChartSeries("loss", values: [2.3, 1.9, 1.2])]).svg()
    /// ```
    public func svg() -> String {
        let drawn = series.enumerated().map { index, s in
            (series: s, points: s.finitePoints, color: s.color ?? ChartStyle.color(forSeries: index))
        }
        let frame = Frame(self, drawn: drawn)
        var canvas = SVGCanvas(width: width, height: height, title: title)
        canvas.add("text", ["class": "title", "x": px(frame.plot.x), "y": px(30), "font-size": px(ChartStyle.titleSize),
                            "font-weight": "600"], text: title)
        drawAxes(on: &canvas, frame)
        for (s, points, color) in drawn where !points.isEmpty { draw(s, points, color, on: &canvas, frame) }
        var x = width - frame.right - frame.legendWidth + 8
        for item in frame.legend {
            canvas.add("line", ["class": "legend-swatch", "x1": px(x), "y1": px(frame.legendY - 4), "x2": px(x + 18),
                                "y2": px(frame.legendY - 4), "stroke": item.color, "stroke-width": "3", "stroke-linecap": "round"])
            canvas.add("text", ["class": "legend", "x": px(x + 24), "y": px(frame.legendY)], text: item.name)
            x += 32 + ChartStyle.textWidth(item.name, size: ChartStyle.fontSize)
        }
        return canvas.document()
    }

    /// Where everything goes: the axes' scales, the plot area, the legend's line.
    struct Frame {
        let xScale: AxisScale, yScale: AxisScale
        let legend: [(name: String, color: String)]
        let legendWidth: Double, legendY: Double, right: Double
        let plot: (x: Double, y: Double, width: Double, height: Double)

        init(_ chart: LineChart, drawn: [(series: ChartSeries, points: [(x: Double, y: Double)], color: String)]) {
            let all = drawn.flatMap(\.points)
            let xs = all.map(\.x), ys = all.map(\.y)
            xScale = AxisScale(covering: (xs.min() ?? 0)...(xs.max() ?? 1), targetTicks: 7,
                               integerSteps: xs.allSatisfy { $0 == $0.rounded() })
            let yScale = AxisScale(covering: chart.yRange ?? (ys.min() ?? 0)...(ys.max() ?? 1))
            self.yScale = yScale
            let legend = drawn.filter { !$0.series.name.isEmpty }.map { (name: $0.series.name, color: $0.color) }
            let legendWidth = legend.reduce(0) { $0 + 32 + ChartStyle.textWidth($1.name, size: ChartStyle.fontSize) }
            (self.legend, self.legendWidth) = (legend, legendWidth)
            let tickWidth = yScale.ticks.map { ChartStyle.textWidth(yScale.label($0), size: ChartStyle.tickSize) }.max() ?? 0
            let left = 16 + (chart.yLabel.isEmpty ? 0 : 22) + tickWidth + 8
            right = 24.0
            let titleWidth = ChartStyle.textWidth(chart.title, size: ChartStyle.titleSize)
            // The legend shares the title's line when both fit, else it gets a line of its own.
            let legendOnTitleLine = titleWidth + 24 + legendWidth <= chart.width - left - right
            legendY = legendOnTitleLine ? 30.0 : 54
            let top = legendY + 22
            let bottom = 8 + 20 + (chart.xLabel.isEmpty ? 0 : 22) + 10.0
            plot = (x: left, y: top, width: Swift.max(1, chart.width - left - right), height: Swift.max(1, chart.height - top - bottom))
        }

        func sx(_ x: Double) -> Double { xScale.position(of: x, from: plot.x, to: plot.x + plot.width) }
        func sy(_ y: Double) -> Double { yScale.position(of: y, from: plot.y + plot.height, to: plot.y) }
        func polyline(_ points: [(x: Double, y: Double)]) -> String {
            points.map { px(sx($0.x)) + "," + px(sy($0.y)) }.joined(separator: " ")
        }
    }

    /// The grid, the ticks and their labels, the axes and their labels, and the plot's clip.
    private func drawAxes(on canvas: inout SVGCanvas, _ frame: Frame) {
        let plot = frame.plot
        for tick in frame.yScale.ticks {
            let y = frame.sy(tick)
            canvas.add("line", ["class": "grid", "x1": px(plot.x), "y1": px(y), "x2": px(plot.x + plot.width),
                                "y2": px(y), "stroke": ChartStyle.grid])
            canvas.add("text", ["class": "tick", "x": px(plot.x - 8), "y": px(y + ChartStyle.tickSize * 0.35),
                                "text-anchor": "end", "font-size": px(ChartStyle.tickSize), "fill": ChartStyle.mutedText],
                       text: frame.yScale.label(tick))
        }
        for tick in frame.xScale.ticks {
            let x = frame.sx(tick)
            canvas.add("line", ["class": "grid", "x1": px(x), "y1": px(plot.y), "x2": px(x),
                                "y2": px(plot.y + plot.height), "stroke": ChartStyle.grid])
            canvas.add("text", ["class": "tick", "x": px(x), "y": px(plot.y + plot.height + 20),
                                "text-anchor": "middle", "font-size": px(ChartStyle.tickSize), "fill": ChartStyle.mutedText],
                       text: frame.xScale.label(tick))
        }
        canvas.add("line", ["class": "axis", "x1": px(plot.x), "y1": px(plot.y + plot.height),
                            "x2": px(plot.x + plot.width), "y2": px(plot.y + plot.height), "stroke": ChartStyle.axis])
        canvas.add("line", ["class": "axis", "x1": px(plot.x), "y1": px(plot.y), "x2": px(plot.x),
                            "y2": px(plot.y + plot.height), "stroke": ChartStyle.axis])
        if !xLabel.isEmpty {
            canvas.add("text", ["class": "axis-label", "x": px(plot.x + plot.width / 2), "y": px(height - 12),
                                "text-anchor": "middle"], text: xLabel)
        }
        if !yLabel.isEmpty {
            let x = 16 + ChartStyle.fontSize, y = plot.y + plot.height / 2
            canvas.add("text", ["class": "axis-label", "x": px(x), "y": px(y), "text-anchor": "middle",
                                "transform": "rotate(-90 \(px(x)) \(px(y)))"], text: yLabel)
        }
        // The clip keeps lines inside a fixed y range; its slack keeps markers on the border whole.
        canvas.open("defs", [:])
        canvas.open("clipPath", ["id": "plot-area"])
        canvas.add("rect", ["x": px(plot.x - 5), "y": px(plot.y - 5), "width": px(plot.width + 10),
                            "height": px(plot.height + 10)])
        canvas.close("clipPath")
        canvas.close("defs")
    }

    /// One series: its line (downsampled to the plot's columns), faint under its smoothed line
    /// when it is smoothed, and markers when there are few points; or a dot at every point.
    private func draw(_ s: ChartSeries, _ points: [(x: Double, y: Double)], _ color: String, on canvas: inout SVGCanvas, _ frame: Frame) {
        let columns = Int(frame.plot.width.rounded())
        canvas.open("g", ["class": "series", "clip-path": "url(#plot-area)"])
        guard s.mark == .line else {
            for p in points {
                canvas.add("circle", ["class": "dot", "cx": px(frame.sx(p.x)), "cy": px(frame.sy(p.y)), "r": "2",
                                      "fill": color, "fill-opacity": "0.5"])
            }
            return canvas.close("g")
        }
        var line = minMaxDownsample(points, buckets: columns)
        if let window = s.smoothingWindow(pointCount: points.count) {
            canvas.add("polyline", ["class": "raw", "points": frame.polyline(line),
                                    "fill": "none", "stroke": color, "stroke-opacity": "0.25", "stroke-width": "1"])
            let smooth = movingAverage(points.map(\.y), window: window)
            line = evenlySpaced(zip(points, smooth).map { (x: $0.x, y: $1) }, count: columns)
        }
        canvas.add("polyline", ["class": "line", "points": frame.polyline(line),
                                "fill": "none", "stroke": color, "stroke-width": "2",
                                "stroke-linejoin": "round", "stroke-linecap": "round"])
        if line.count <= LineChart.markerLimit {
            for p in line {
                canvas.add("circle", ["class": "marker", "cx": px(frame.sx(p.x)), "cy": px(frame.sy(p.y)), "r": "3.5",
                                      "fill": color, "stroke": "#ffffff", "stroke-width": "1"])
            }
        }
        canvas.close("g")
    }
}

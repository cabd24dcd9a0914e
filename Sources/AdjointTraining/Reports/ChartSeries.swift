/// One named line of a ``LineChart``.
///
/// Points whose `y` is NaN or infinite (a diverged loss) are skipped rather than drawn.
///
/// ```swift
/// let loss = ChartSeries("loss", values: losses, smoothing: .automatic)
/// let val = ChartSeries("validation", x: [1, 2, 3], y: [0.41, 0.52, 0.55])
/// ```
public struct ChartSeries: Sendable {
    /// How a noisy series is drawn.
    ///
    /// ```swift
    /// let loss = ChartSeries("loss", values: losses, smoothing: .movingAverage(window: 20))
    /// ```
    public enum Smoothing: Sendable, Equatable {
        /// The points as they are.
        case none
        /// A centred moving average over `window` points as the main line, with the raw
        /// points drawn faintly behind it.
        case movingAverage(window: Int)
        /// A moving average over 1 % of the points (at least 5) once there are 50 or more,
        /// as for a loss per iteration; fewer points are drawn as they are.
        case automatic
    }

    /// How the points are marked: joined by a line, or as dots alone (a scatter of data).
    ///
    /// ```swift
    /// let data = ChartSeries("data", x: [0, 0.5, 1], y: [0.1, 0.4, 0.9], mark: .dots)
    /// ```
    public enum Mark: Sendable, Equatable {
        /// A line through the points (markers too when there are few).
        case line
        /// A dot at every point and no line.
        case dots
    }

    /// The name shown in the legend.
    public var name: String
    /// The points' coordinates, in drawing order (normally increasing `x`).
    public var x: [Double]
    /// The points' values, one per `x`.
    public var y: [Double]
    /// How the series is drawn (see ``Smoothing``).
    public var smoothing: Smoothing
    /// A CSS colour; nil takes the next colour of the chart's palette.
    ///
    /// ```swift
    /// let test = ChartSeries("test", values: [0.52, 0.58], color: "#d62728")
    /// ```
    public var color: String?
    /// Whether the points are joined by a line or drawn as dots (see ``Mark``).
    ///
    /// ```swift
    /// var scatter = ChartSeries("samples", x: [1, 2], y: [3, 4])
    /// scatter.mark = .dots
    /// ```
    public var mark: Mark

    /// A series of explicit points; `x` and `y` must have equal counts.
    ///
    /// ```swift
    /// ChartSeries("train", x: [1, 2, 3], y: [0.38, 0.47, 0.51])
    /// ```
    public init(_ name: String, x: [Double], y: [Double], smoothing: Smoothing = .none, color: String? = nil,
                mark: Mark = .line) {
        check(x.count == y.count, "ChartSeries \"\(name)\": \(x.count) x values for \(y.count) y values")
        self.name = name
        self.x = x
        self.y = y
        self.smoothing = smoothing
        self.color = color
        self.mark = mark
    }

    /// A series of `values` at x = `firstX`, `firstX + 1`, ... (iterations or epochs from 1).
    ///
    /// ```swift
    /// ChartSeries("loss", values: [2.30, 2.21, 2.05], smoothing: .automatic)
    /// ```
    public init(_ name: String, values: [Double], firstX: Double = 1, smoothing: Smoothing = .none,
                color: String? = nil) {
        self.init(name, x: values.indices.map { firstX + Double($0) }, y: values, smoothing: smoothing, color: color)
    }

    /// The finite points, in order.
    var finitePoints: [(x: Double, y: Double)] {
        zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }.map { (x: $0.0, y: $0.1) }
    }

    /// The moving-average window to draw with, or nil to draw the raw points only.
    func smoothingWindow(pointCount: Int) -> Int? {
        switch smoothing {
        case .none: return nil
        case .movingAverage(let window): return window > 1 ? window : nil
        case .automatic: return pointCount >= 50 ? Swift.max(5, pointCount / 100) : nil
        }
    }
}

/// The shared look of every chart: fonts, colours and the text-width estimate used for layout.
///
/// ```swift
/// let colour = ChartStyle.color(forSeries: 1)   // "#f28e2b", the palette's orange
/// ```
enum ChartStyle {
    /// Common sans-serif faces first; every SVG renderer falls back to its own sans-serif.
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'DejaVu Sans', Arial, sans-serif"
    static let fontSize: Double = 12
    static let titleSize: Double = 16
    static let tickSize: Double = 11

    static let text = "#222222"
    static let mutedText = "#666666"
    static let axis = "#888888"
    static let grid = "#e8e8e8"

    /// Tableau 10: distinguishable, colour-blind-aware and calm on white.
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                          "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    static func color(forSeries index: Int) -> String { palette[index % palette.count] }

    /// An upper estimate of a label's rendered width. Charts lay out text before any font is
    /// chosen (the viewer picks it), so margins are sized from this and err on the wide side.
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.62
    }
}

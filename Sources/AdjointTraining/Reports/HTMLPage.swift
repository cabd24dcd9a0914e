// One self-contained HTML document: inline CSS and inline SVG, no scripts, nothing fetched.

/// A report page under construction: sections of headings, tables, text and inline SVG
/// figures, rendered as one HTML file that needs no network and no scripts.
///
/// Figures are pasted in as inline `<svg>` elements. Their `id`s are made unique per figure,
/// because two charts that both define `#plot-area` would otherwise clip each other's lines
/// (an HTML document has one id namespace; separate SVG files each had their own).
///
/// ```swift
/// var page = HTMLPage(title: "cnn on fashion-mnist")
/// page.heading("Training")
/// page.figure(LineChart(title: "loss", series: [ChartSeries("loss", values: [2.3, 1.1])]).svg())
/// page.table(header: ["metric", "value"], rows: [["test_accuracy", "0.93"]])
/// let html = page.document()
/// ```
public struct HTMLPage: Sendable {
    /// The document's `<title>` and its `<h1>`.
    public var title: String
    private var body = ""
    private var figureCount = 0

    /// An empty page.
    ///
    /// ```swift
    /// let page = HTMLPage(title: "Optimizers")
    /// ```
    public init(title: String) { self.title = title }

    /// A section heading (`<h2>`), which also starts a new card on the page.
    ///
    /// ```swift
    /// page.heading("Test set")
    /// ```
    public mutating func heading(_ text: String) {
        if !body.isEmpty { body += "</section>\n" }
        body += "<section>\n<h2>\(htmlEscaped(text))</h2>\n"
    }

    /// A paragraph of plain text; `code` sets it in a monospace block that wraps.
    ///
    /// ```swift
    /// page.paragraph("train --model cnn --epochs 12", code: true)
    /// ```
    public mutating func paragraph(_ text: String, code: Bool = false) {
        body += code ? "<pre><code>\(htmlEscaped(text))</code></pre>\n" : "<p>\(htmlEscaped(text))</p>\n"
    }

    /// A table; it scrolls sideways on its own rather than widening a narrow page. Cells that
    /// look like numbers are right-aligned.
    ///
    /// ```swift
    /// page.table(header: ["class", "precision", "recall"], rows: [["shirt", "0.71", "0.68"]])
    /// ```
    public mutating func table(header: [String], rows: [[String]]) {
        body += "<div class=\"scroll\"><table>\n<thead><tr>"
            + header.map { "<th>\(htmlEscaped($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            body += "<tr>" + row.map { cell in
                (Double(cell.trimmingPercent()) != nil ? "<td class=\"num\">" : "<td>") + htmlEscaped(cell) + "</td>"
            }.joined() + "</tr>\n"
        }
        body += "</tbody></table></div>\n"
    }

    /// An SVG document (a chart, a confusion matrix, an image grid) inline, scaled to the
    /// page's width but never above its own.
    ///
    /// ```swift
    /// page.figure(matrix.svg(), caption: "rows: true class; columns: predicted")
    /// ```
    public mutating func figure(_ svg: String, caption: String? = nil) {
        figureCount += 1
        body += "<figure>\n" + Self.inlined(svg, prefix: "f\(figureCount)-")
        if let caption { body += "<figcaption>\(htmlEscaped(caption))</figcaption>\n" }
        body += "</figure>\n"
    }

    /// The page as one HTML document.
    ///
    /// ```swift
    /// try AtomicFile.write(Data(page.document().utf8), to: folder.appendingPathComponent("index.html"))
    /// ```
    public func document() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(htmlEscaped(title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <main>
        <h1>\(htmlEscaped(title))</h1>
        \(body)\(body.isEmpty ? "" : "</section>\n")</main>
        </body>
        </html>

        """
    }

    /// One column of cards up to 1100 px; figures shrink with the screen, tables scroll.
    static let style = """

    :root { color-scheme: light; }
    body { margin: 0; background: #f4f5f7; color: #1f2328; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
    main { max-width: 1100px; margin: 0 auto; padding: 12px; }
    h1 { font-size: 1.5em; margin: 8px 4px 12px; overflow-wrap: anywhere; }
    h2 { font-size: 1.15em; margin: 0 0 10px; }
    section { background: #fff; border: 1px solid #d8dee4; border-radius: 8px; padding: 14px; margin: 0 0 14px; }
    figure { margin: 0 0 12px; }
    figure svg { display: block; width: 100%; height: auto; margin: 0 auto; }
    figcaption { color: #59636e; font-size: 0.9em; margin-top: 4px; }
    .scroll { overflow-x: auto; margin: 0 0 12px; }
    table { border-collapse: collapse; font-size: 0.92em; }
    th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #eaeef2; vertical-align: top; overflow-wrap: anywhere; }
    th { background: #f6f8fa; overflow-wrap: normal; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; overflow-wrap: normal; }
    pre { background: #f6f8fa; padding: 8px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 12px; }
    p { margin: 0 0 10px; }

    """

    /// `svg` without its XML declaration, each `id` (and every reference to it) prefixed.
    static func inlined(_ svg: String, prefix: String) -> String {
        var text = svg
        if text.hasPrefix("<?xml"), let end = text.firstRange(of: "?>") {
            text = String(text[end.upperBound...]).trimmingLeadingNewlines()
        }
        var ids: [String] = []
        var rest = text[...]
        while let start = rest.firstRange(of: " id=\"") {
            let after = rest[start.upperBound...]
            guard let close = after.firstIndex(of: "\"") else { break }
            ids.append(String(after[..<close]))
            rest = after[close...]
        }
        for id in Set(ids) {
            text = text.replacing(" id=\"\(id)\"", with: " id=\"\(prefix)\(id)\"")
                .replacing("url(#\(id))", with: "url(#\(prefix)\(id))")
                .replacing("href=\"#\(id)\"", with: "href=\"#\(prefix)\(id)\"")
        }
        return text
    }
}

/// `text` with the five HTML-special characters escaped.
func htmlEscaped(_ text: String) -> String { xmlEscaped(text) }

extension String {
    /// `"93.1 %"` -> `"93.1"`, for telling numbers from words.
    func trimmingPercent() -> String {
        var text = self
        while text.hasSuffix("%") || text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    func trimmingLeadingNewlines() -> String { String(drop { $0 == "\n" }) }
}

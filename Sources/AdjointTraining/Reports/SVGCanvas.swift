/// Collects SVG elements and renders them as a standalone document.
///
/// Charts build their drawing with it so that escaping, number formatting and the document
/// preamble live in one place. Attributes keep the order given, which keeps output diffable.
///
/// ```swift
/// var canvas = SVGCanvas(width: 100, height: 40, title: "Demo")
/// canvas.add("rect", ["x": px(0), "y": px(0), "width": px(10), "height": px(10), "fill": "#4e79a7"])
/// canvas.add("text", ["x": px(20), "y": px(12)], text: "A < B")
/// let svg = canvas.document()
/// ```
struct SVGCanvas {
    let width: Double
    let height: Double
    let title: String
    private var body = ""

    init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    /// Appends an element; attributes whose value is nil are left out.
    mutating func add(_ name: String, _ attributes: KeyValuePairs<String, String?>, text: String? = nil) {
        openTag(name, attributes)
        if let text {
            body += ">" + xmlEscaped(text) + "</" + name + ">\n"
        } else {
            body += "/>\n"
        }
    }

    /// Opens a container element such as `g`; close it with ``close(_:)``.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String?>) {
        openTag(name, attributes)
        body += ">\n"
    }

    mutating func close(_ name: String) {
        body += "</" + name + ">\n"
    }

    private mutating func openTag(_ name: String, _ attributes: KeyValuePairs<String, String?>) {
        body += "<" + name
        for (key, value) in attributes {
            if let value { body += " " + key + "=\"" + xmlEscaped(value) + "\"" }
        }
    }

    /// The document: a white background (so PNG conversions and dark viewers stay legible),
    /// the shared font settings, then the elements in the order added.
    func document() -> String {
        let size = "width=\"\(px(width))\" height=\"\(px(height))\" viewBox=\"0 0 \(px(width)) \(px(height))\""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" \(size) font-family="\(xmlEscaped(ChartStyle.fontFamily))" \
            font-size="\(px(ChartStyle.fontSize))" fill="\(ChartStyle.text)">
            <title>\(xmlEscaped(title))</title>
            <rect width="100%" height="100%" fill="#ffffff"/>

            """ + body + "</svg>\n"
    }
}

/// A coordinate or length for an SVG attribute: at most two decimals, no trailing zeros.
///
/// Two decimals are far below what any screen shows, and short numbers keep a chart of
/// thousands of points small. Non-finite values become 0 so a bad input cannot break the XML.
func px(_ value: Double) -> String {
    let hundredths = (value * 100).rounded()
    guard hundredths.isFinite, Swift.abs(hundredths) < 1e15 else { return "0" }
    let n = Int(hundredths)
    var text = (n < 0 ? "-" : "") + String(Swift.abs(n) / 100)
    var fraction = Swift.abs(n) % 100
    if fraction != 0 {
        var digits = 2
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        let s = String(fraction)
        text += "." + String(repeating: "0", count: digits - s.count) + s
    }
    return text == "-0" ? "0" : text
}

/// `text` safe inside XML content and attribute values.
///
/// Besides the five special characters, control characters are dropped: XML 1.0 forbids them
/// even as character references, and one stray byte in a class name would make the whole
/// file unreadable.
func xmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

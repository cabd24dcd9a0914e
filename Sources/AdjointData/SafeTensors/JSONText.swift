import Foundation

/// A JSON value that renders deterministically, object keys in the order given.
///
/// Checkpoint headers and run reports are written with it rather than `JSONEncoder` because
/// the order matters (tensors in the order written, readable reports) and because JSON has no
/// NaN or infinity: a diverged loss is written as `null` instead of failing the whole report.
///
/// ```swift
/// JSONText.object([("loss", .array([.number(2.3), .number(.nan)]))]).rendered()
/// // {"loss": [2.3, null]}
/// ```
public enum JSONText: Sendable, Decodable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONText])
    case object([(String, JSONText)])

    /// Compact JSON on one line, or indented by `indent` spaces per level. Arrays of scalars
    /// stay on one line either way, so a 50,000-point loss history does not become 50,000 lines.
    ///
    /// ```swift
    /// JSONText.array([.integer(1), .null]).rendered()   // [1, null]
    /// ```
    public func rendered(indent: Int? = nil) -> String {
        var out = ""
        render(into: &out, indent: indent, level: 0)
        return out
    }

    /// The JSON form of any `Encodable` value, with object keys sorted, so a settings struct
    /// can sit in a report as typed JSON (numbers as numbers, objects as objects).
    ///
    /// ```swift
    /// let settings = try JSONText(encoding: ["lr": 1e-3])   // {"lr": 0.001}
    /// ```
    public init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        self = try JSONDecoder().decode(JSONText.self, from: try encoder.encode(value))
    }

    /// Reads any JSON document; object keys come out sorted.
    ///
    /// ```swift
    /// let value = try JSONDecoder().decode(JSONText.self, from: Data(#"{"b": 1, "a": [true, null]}"#.utf8))
    /// value.rendered()   // {"a": [true, null], "b": 1}
    /// ```
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let i = try? container.decode(Int.self) { self = .integer(i) }
        else if let x = try? container.decode(Double.self) { self = .number(x) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([JSONText].self) { self = .array(a) }
        else {
            let d = try container.decode([String: JSONText].self)
            self = .object(d.keys.sorted().map { ($0, d[$0]!) })
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private func render(into out: inout String, indent: Int?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let x): out += JSONText.format(x)
        case .string(let s): JSONText.quote(s, into: &out)
        case .array(let items):
            let inline = indent == nil || items.allSatisfy(\.isScalar)
            renderContainer(items.count, open: "[", close: "]", inline: inline, indent: indent, level: level,
                            into: &out) { i, out in items[i].render(into: &out, indent: indent, level: level + 1) }
        case .object(let members):
            renderContainer(members.count, open: "{", close: "}", inline: indent == nil || members.isEmpty,
                            indent: indent, level: level, into: &out) { i, out in
                JSONText.quote(members[i].0, into: &out)
                out += ": "
                members[i].1.render(into: &out, indent: indent, level: level + 1)
            }
        }
    }

    private func renderContainer(_ count: Int, open: String, close: String, inline: Bool, indent: Int?,
                                 level: Int, into out: inout String, item: (Int, inout String) -> Void) {
        out += open
        let step = indent ?? 0
        for i in 0..<count {
            if i > 0 { out += inline ? ", " : "," }
            if !inline { out += "\n" + String(repeating: " ", count: step * (level + 1)) }
            item(i, &out)
        }
        if !inline && count > 0 { out += "\n" + String(repeating: " ", count: step * level) }
        out += close
    }

    /// The shortest text that reads back as the same `Double`; `null` where JSON has no number.
    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int(x)) }
        // Swift prints the shortest round-trip digits, and its exponent form ("1e-05") is valid JSON.
        return String(x)
    }

    /// `s` as a JSON string literal, the escapes JSON requires and no others.
    package static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

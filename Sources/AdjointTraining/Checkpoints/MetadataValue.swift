import AdjointData

/// A typed value of a checkpoint's metadata: a string, an integer, a double, a boolean, or an
/// array or object of them, written as literals.
///
/// `Checkpoint.save(metadata:)` stores a string as itself, so any safetensors reader sees it
/// as written, and any other value as JSON text (non-finite doubles as Python's `NaN`,
/// `Infinity` and `-Infinity`); `Checkpoint.load` and `Checkpoint.metadata(at:)` read every
/// value back as it was written, doubles exactly.
///
/// ```swift
/// let metadata: [String: MetadataValue] = ["epochs": 10, "note": "x", "tags": ["a", "b"], "lr": 3e-4,
///                                          "augment": true, "shape": ["height": 28, "width": 28]]
/// print(metadata["epochs"]!)   // 10
/// ```
public enum MetadataValue: Equatable, Sendable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case array([MetadataValue])
    case object([String: MetadataValue])

    /// The value as JSON text, objects' keys sorted; a string is quoted.
    public var description: String { json }
}

extension MetadataValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
                         ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: MetadataValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, MetadataValue)...) {
        self = .object(Dictionary(elements) { _, last in last })
    }
}

extension MetadataValue {
    /// The JSON text of the value, which `init(json:)` reads back as the same value.
    var json: String {
        switch self {
        case let .string(text): return Self.quoted(text)
        case let .integer(value): return String(value)
        // Swift's description is the shortest text that reads back as the same double, and
        // always has a point or an exponent, so it never reads back as an integer.
        case let .double(value):
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
            return value.description
        case let .bool(value): return value ? "true" : "false"
        case let .array(values): return "[" + values.map(\.json).joined(separator: ",") + "]"
        case let .object(fields):
            return "{" + fields.sorted { $0.key < $1.key }.map { Self.quoted($0.key) + ":" + $0.value.json }.joined(separator: ",") + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = ""
        JSONText.quote(text, into: &out)
        return out
    }
}

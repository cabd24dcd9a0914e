/// Reads JSON text (with Python's `NaN`, `Infinity` and `-Infinity`) into a `MetadataValue`:
/// an integer stays an integer, a number with a point or an exponent is a double. Nesting is
/// bounded, so hostile text cannot exhaust the stack.
struct MetadataParser {
    /// Why text is not a metadata value, and where.
    struct Failure: Error {
        let message: String
    }

    /// The deepest nesting of arrays and objects read.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    /// The one value the whole text holds.
    mutating func parse() throws(Failure) -> MetadataValue {
        let value = try parseValue(depth: 0)
        skipSpace()
        guard position == bytes.count else { throw fail("unexpected text after the value") }
        return value
    }

    private func fail(_ what: String, at byte: Int? = nil) -> Failure { Failure(message: "\(what) at byte \(byte ?? position)") }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func take(_ word: String) -> Bool {
        let word = Array(word.utf8)
        guard bytes.count - position >= word.count, Array(bytes[position..<position + word.count]) == word else { return false }
        position += word.count
        return true
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> MetadataValue {
        guard depth <= Self.maximumDepth else { throw fail("nesting deeper than \(Self.maximumDepth)") }
        skipSpace()
        guard position < bytes.count else { throw fail("missing value") }
        switch bytes[position] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "["): return .array(try parseArray(depth: depth))
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth))
        default:
            if take("true") { return .bool(true) }
            if take("false") { return .bool(false) }
            if take("NaN") { return .double(.nan) }
            if take("Infinity") { return .double(.infinity) }
            if take("-Infinity") { return .double(-.infinity) }
            return try parseNumber()
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> [MetadataValue] {
        position += 1
        var values: [MetadataValue] = []
        skipSpace()
        if take("]") { return values }
        repeat {
            values.append(try parseValue(depth: depth + 1))
            skipSpace()
        } while take(",")
        guard take("]") else { throw fail("expected , or ]") }
        return values
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> [String: MetadataValue] {
        position += 1
        var fields: [String: MetadataValue] = [:]
        skipSpace()
        if take("}") { return fields }
        repeat {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
            let keyStart = position
            let key = try parseString()
            skipSpace()
            guard take(":") else { throw fail("expected :") }
            guard fields.updateValue(try parseValue(depth: depth + 1), forKey: key) == nil else {
                throw fail("repeated key \(key.debugDescription)", at: keyStart)
            }
            skipSpace()
        } while take(",")
        guard take("}") else { throw fail("expected , or }") }
        return fields
    }

    private mutating func parseNumber() throws(Failure) -> MetadataValue {
        let start = position
        while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
        let token = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !token.isEmpty else { throw fail("unexpected character") }
        if token.contains(where: { ".eE".contains($0) }) {
            guard let value = Double(token), value.isFinite else { throw fail("\(token.debugDescription) is not a finite number") }
            return .double(value)
        }
        guard let value = Int(token) else { throw fail("\(token.debugDescription) is not an integer of 64 bits") }
        return .integer(value)
    }

    private mutating func parseString() throws(Failure) -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var run = position
        func flush(_ end: Int) { scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars) }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                flush(position)
                position += 1
                return String(scalars)
            }
            guard byte >= 0x20 else { throw fail("a control character in a string") }
            if byte == UInt8(ascii: "\\") {
                flush(position)
                scalars.append(try parseEscape())
                run = position
            } else {
                position += 1
            }
        }
        throw fail("an unterminated string")
    }

    private mutating func parseEscape() throws(Failure) -> Unicode.Scalar {
        position += 1
        guard position < bytes.count else { throw fail("an unterminated escape") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex()
            guard (0xD800..<0xDC00).contains(high) else {
                guard let scalar = Unicode.Scalar(high) else { throw fail("a lone low surrogate") }
                return scalar
            }
            guard take("\\u") else { throw fail("a lone high surrogate") }
            let low = try parseHex()
            guard (0xDC00..<0xE000).contains(low), let scalar = Unicode.Scalar(0x10000 + (high - 0xD800) << 10 + (low - 0xDC00)) else {
                throw fail("a bad surrogate pair")
            }
            return scalar
        default: throw fail("an unknown escape")
        }
    }

    private mutating func parseHex() throws(Failure) -> UInt32 {
        guard bytes.count - position >= 4, bytes[position..<position + 4].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
              let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
            throw fail("a bad \\u escape")
        }
        position += 4
        return value
    }
}

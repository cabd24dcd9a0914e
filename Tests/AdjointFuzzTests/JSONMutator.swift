import Foundation
import AdjointTraining

/// Mutations of JSON text that keep most of its structure, which byte mutations rarely do:
/// deep nesting, huge and malformed numbers, bad escapes and lone surrogates, repeated keys and
/// bytes that are not UTF-8. Half the cases are `Mutator`'s byte mutations instead.
struct JSONMutator {
    /// Nesting depths around the parser's limit of 64, and far beyond it.
    static let depths = [63, 64, 65, 66, 1000, 20_000]
    /// Counts past a schedule's end and around 2^53, numbers beyond a Double or an Int, and tokens
    /// that only look like numbers.
    static let numbers = ["11", "65536", "9007199254740992", "9007199254740993", "1e400", "-1e400", "1e-400", String(repeating: "9", count: 400), "1" + String(repeating: "0", count: 5000),
                          "9223372036854775808", "-9223372036854775809", "-9223372036854775808", "4.9e-324", "1.7976931348623157e308",
                          "0.1e99999999999999999999", "-", "1e", ".5", "01", "+1", "1.", "--1", "1e+", "-0", "-0.0",
                          "NaN", "-NaN", "Infinity", "-Infinity", "infinity", "nan", "inf", "1_000", "0x10"]
    /// Escapes inside a string: unknown, short, not hex, lone and mismatched surrogates, and valid ones.
    static let escapes = ["\\", "\\x", "\\u", "\\u12", "\\uZZZZ", "\\u00G0", "\\uD800", "\\uDBFF\\uDBFF", "\\uDC00", "\\uD800\\u0041",
                          "\\uD800\\", "\\uD83D\\uDE00", "\\u0000", "\\U0041", "\\\"", "\\/", "\\n", "\\r", "\u{01}", "\u{7F}", "\t"]
    /// Bytes that are not UTF-8: an encoded surrogate, an overlong NUL, a stray byte, a cut sequence.
    static let badUTF8: [[UInt8]] = [[0xED, 0xA0, 0x80], [0xC0, 0x80], [0xFF], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80]]

    /// The byte mutations, whose generator drives the JSON ones too.
    var byteMutator: Mutator

    init(rng: SeededGenerator) { byteMutator = Mutator(rng: rng) }

    /// One to three structure-aware mutations of `text`, or byte mutations.
    mutating func mutate(_ text: [UInt8]) -> [UInt8] {
        if byteMutator.rng.nextInt(below: 2) == 0 { return byteMutator.mutate(text) }
        var text = text
        for _ in 0..<(1 + byteMutator.rng.nextInt(below: 3)) { mutateOnce(&text) }
        return text
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[byteMutator.rng.nextInt(below: values.count)] }

    /// A random position among those where `byte` occurs, or nil when it does not.
    private mutating func position(of byte: Character, in text: [UInt8]) -> Int? {
        let byte = byte.asciiValue!
        let positions = text.indices.filter { text[$0] == byte }
        return positions.isEmpty ? nil : pick(positions)
    }

    private mutating func mutateOnce(_ text: inout [UInt8]) {
        switch byteMutator.rng.nextInt(below: 6) {
        case 0:   // the whole text nested in arrays or objects
            let depth = pick(Self.depths)
            let (open, close) = byteMutator.rng.nextInt(below: 2) == 0 ? ("[", "]") : ("{\"k\":", "}")
            text = Array(String(repeating: open, count: depth).utf8) + text + Array(String(repeating: close, count: depth).utf8)
        case 1:   // a value replaced by deep nesting around a number
            let depth = pick(Self.depths)
            let at = position(of: ":", in: text).map { $0 + 1 } ?? 0
            let value = String(repeating: "[", count: depth) + "0" + String(repeating: "]", count: depth)
            text.replaceSubrange(at..<valueEnd(text, from: at), with: Array(value.utf8))
        case 2:   // a number replaced by a huge or malformed one
            let starts = text.indices.filter { (text[$0] == UInt8(ascii: "-") || (0x30...0x39).contains(text[$0]))
                && ($0 == 0 || !"-+.eE0123456789".utf8.contains(text[$0 - 1])) }
            guard !starts.isEmpty else { return mutateOnce(&text) }
            let start = pick(starts)
            var end = start
            while end < text.count, "-+.eE0123456789".utf8.contains(text[end]) { end += 1 }
            text.replaceSubrange(start..<end, with: Array(pick(Self.numbers).utf8))
        case 3:   // a bad escape or a surrogate inside a string
            guard let quote = position(of: "\"", in: text) else { return mutateOnce(&text) }
            text.insert(contentsOf: Array(pick(Self.escapes).utf8), at: quote + 1)
        case 4:   // an object's first key repeated before it
            guard let brace = position(of: "{", in: text), brace + 1 < text.count, text[brace + 1] == UInt8(ascii: "\""),
                  let close = text[(brace + 2)...].firstIndex(of: UInt8(ascii: "\"")) else { return mutateOnce(&text) }
            text.insert(contentsOf: Array(text[(brace + 1)...close]) + Array(":0,".utf8), at: brace + 1)
        default:  // bytes that are not UTF-8 inside a string
            let at = position(of: "\"", in: text).map { $0 + 1 } ?? 0
            text.insert(contentsOf: pick(Self.badUTF8), at: at)
        }
    }

    /// The end of the value starting at `start`: the next `,`, `]` or `}` outside brackets and strings.
    private func valueEnd(_ text: [UInt8], from start: Int) -> Int {
        var (depth, inString, i) = (0, false, start)
        while i < text.count {
            let byte = text[i]
            if inString {
                if byte == UInt8(ascii: "\\") { i += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: ",") {
                if depth == 0 { return i }
                if byte != UInt8(ascii: ",") { depth -= 1 }
            }
            i += 1
        }
        return text.count
    }
}

/// The header of a `.npy` file: the Python dict literal after the magic, version and length,
/// such as `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
///
/// Parsed strictly, never evaluated: exactly the keys `descr`, `fortran_order` and `shape`,
/// each once, with a quoted string, `True` or `False`, and a tuple of non-negative integers.
struct NumPyHeader: Equatable {
    var dtype: NumPyDType
    var fortranOrder: Bool
    var shape: [Int]
}

/// Parses a header dict whose first byte is byte `start` of the file at `path`.
struct NumPyHeaderParser {
    private let bytes: [UInt8]
    private let start: Int
    private let path: String
    private let decompressed: Bool
    private var position = 0

    init(_ bytes: [UInt8], start: Int, path: String, decompressed: Bool) {
        (self.bytes, self.start, self.path, self.decompressed) = (bytes, start, path, decompressed)
    }

    /// The header, after checking that only spaces and the closing newline follow the dict.
    mutating func parse() throws(DataError) -> NumPyHeader {
        var descr: (String, Int)?, fortranOrder: Bool?, shape: ([Int], Int)?
        try expect("{")
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: "}") { break }
            let keyOffset = position
            let key = try string()
            try expect(":")
            skipSpaces()
            let valueOffset = position
            switch key {
            case "descr" where descr == nil: descr = (try string(), valueOffset)
            case "fortran_order" where fortranOrder == nil: fortranOrder = try boolean()
            case "shape" where shape == nil: shape = (try tuple(), valueOffset)
            case "descr", "fortran_order", "shape": throw failure("the key '\(key)' appears twice", at: keyOffset)
            default: throw failure("unexpected key '\(key)'", at: keyOffset)
            }
            skipSpaces()
            if peek() == UInt8(ascii: ",") { position += 1 } else { break }
        }
        try expect("}")
        guard let descr, let fortranOrder, let shape else {
            throw failure("the dict lacks 'descr', 'fortran_order' or 'shape'", at: position)
        }
        try checkEnd()
        guard let dtype = NumPyDType(descr: descr.0) else {
            throw DataError(.unsupported("NumPy dtype '\(descr.0)'; Adjoint reads f4, f8, i1-i8, u1-u8 and b1"),
                            path: path, offset: start + descr.1, inDecompressedData: decompressed)
        }
        return NumPyHeader(dtype: dtype, fortranOrder: fortranOrder, shape: shape.0)
    }

    /// Only spaces may follow the dict, then the newline that ends the header.
    private mutating func checkEnd() throws(DataError) {
        skipSpaces()
        guard position == bytes.count - 1, bytes[position] == UInt8(ascii: "\n") else {
            throw failure("the dict must be followed only by spaces and a newline", at: position)
        }
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpaces() {
        while let byte = peek(), byte == UInt8(ascii: " ") { position += 1 }
    }

    private mutating func expect(_ character: Unicode.Scalar) throws(DataError) {
        skipSpaces()
        guard peek() == UInt8(ascii: character) else { throw failure("expected '\(character)'", at: position) }
        position += 1
    }

    /// A string in single or double quotes, without escapes (no key or dtype has one).
    private mutating func string() throws(DataError) -> String {
        guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
            throw failure("expected a quoted string", at: position)
        }
        let begin = position + 1
        var end = begin
        while end < bytes.count, bytes[end] != quote {
            guard bytes[end] >= 0x20, bytes[end] < 0x7F, bytes[end] != UInt8(ascii: "\\") else {
                throw failure("unexpected byte 0x\(String(bytes[end], radix: 16)) in a string", at: end)
            }
            end += 1
        }
        guard end < bytes.count else { throw failure("unterminated string", at: position) }
        position = end + 1
        return String(decoding: bytes[begin..<end], as: UTF8.self)
    }

    private mutating func boolean() throws(DataError) -> Bool {
        for (word, value) in [("True", true), ("False", false)] where bytes[position...].starts(with: word.utf8) {
            position += word.utf8.count
            return value
        }
        throw failure("'fortran_order' must be True or False", at: position)
    }

    /// `()`, `(n,)` or `(n, m, ...)` with an optional trailing comma.
    private mutating func tuple() throws(DataError) -> [Int] {
        try expect("(")
        var values: [Int] = []
        var endsWithComma = false
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: ")") { break }
            values.append(try integer())
            skipSpaces()
            endsWithComma = peek() == UInt8(ascii: ",")
            if endsWithComma { position += 1 } else { break }
        }
        try expect(")")
        if values.count == 1, !endsWithComma {
            // `(3)` is the number 3 in Python, not a tuple.
            throw failure("a one-element shape needs a trailing comma, as in (3,)", at: position - 1)
        }
        return values
    }

    private mutating func integer() throws(DataError) -> Int {
        let begin = position
        var value = 0
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw failure("a shape size overflows Int", at: begin) }
            value = sum
            position += 1
        }
        guard position > begin else { throw failure("expected a non-negative integer", at: begin) }
        if position - begin > 1, bytes[begin] == UInt8(ascii: "0") {
            throw failure("an integer with a leading zero", at: begin)
        }
        return value
    }

    private func failure(_ why: String, at offset: Int) -> DataError {
        DataError(.badHeader("NumPy header: \(why)"), path: path, offset: start + offset, inDecompressedData: decompressed)
    }
}

/// Why reading or preparing a data set failed, with the file and byte at fault.
///
/// Everything that reads files from outside throws this instead of stopping the program, so a
/// damaged download is reported, not crashed on. `offset` counts bytes from the start of the
/// file, or from the start of its decompressed contents when `inDecompressedData` is true
/// (an IDX header problem inside a `.gz` file).
///
/// ```swift
/// do {
///     let train = try FashionMNIST.load(.train, from: "Data")
/// } catch {
///     print(error)   // "Data/train-images-idx3-ubyte.gz: byte 1234: CRC-32 mismatch ..."
///     if let error = error as? DataError, case .badChecksum = error.reason { print("damaged") }
/// }
/// ```
public struct DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong; the cases carry what was found and what was expected.
    public enum Reason: Equatable, Sendable {
        /// No file at the path; `expected` says what the loader wanted there.
        case missingFile(expected: String)
        /// The file exists but the system could not read it; the text is the system's reason.
        case unreadable(String)
        /// The path names something other than a regular file, such as a directory, a device
        /// or a named pipe; `expected` says what the reader wanted there.
        case notARegularFile(FileKind, expected: String)
        /// The first bytes are not the format's signature.
        case badMagic(found: [UInt8], expected: [UInt8])
        /// A valid but unsupported feature, such as a gzip compression method other than DEFLATE.
        case unsupported(String)
        /// A DEFLATE block header with the reserved block type 3.
        case badBlockType(Int)
        /// A Huffman code description or a coded symbol that the format does not allow.
        case badHuffmanCode(String)
        /// A stored block whose length and its one's complement disagree.
        case badStoredLength(length: Int, complement: Int)
        /// A back-reference further back than the data decoded so far.
        case badDistance(distance: Int, available: Int)
        /// A stored checksum (gzip CRC-32 or header CRC-16) that does not match the data.
        case badChecksum(stored: UInt32, computed: UInt32)
        /// A gzip ISIZE that does not match the decompressed length (modulo 2^32).
        case badLength(stored: UInt32, actual: UInt32)
        /// The data ends early; the text says what was still expected.
        case truncated(expected: String)
        /// Bytes after the end of the data that the format does not allow.
        case trailingBytes(count: Int)
        /// A header field with an impossible value, such as an IDX dimension count.
        case badHeader(String)
        /// A data element the reader cannot hold, such as a bool byte other than 0 or 1.
        case badValue(String)
        /// A file of fixed-size records whose length is not a multiple of the record size.
        case partialRecord(recordSize: Int, fileSize: Int)
        /// A class label outside `0..<classes`.
        case labelOutOfRange(label: Int, classes: Int)
        /// Two files or arguments that must agree do not, such as image and label counts.
        case mismatch(String)
        /// A compressed stream that would decompress past `limit` bytes, the bound `source`
        /// sets (an IDX header, or the caller's maximum): decoding stops there, so a
        /// decompression bomb costs at most `limit` bytes of memory.
        case decompressesPastLimit(limit: Int, source: String)
        /// A file larger than `limit` bytes, the most `source` allows; nothing past it is read.
        case fileTooLarge(limit: Int, source: String)
        /// Loading what a header announces (`what`) would take `needed` bytes of memory, more
        /// than ``DataFile/memoryLimit``; it is refused before anything large is read.
        case needsTooMuchMemory(what: String, needed: Int)
    }

    /// What is wrong.
    ///
    /// ```swift
    /// if case .truncated(let expected) = error.reason { print("ends early, expected", expected) }
    /// ```
    public var reason: Reason
    /// The file at fault, or a short description of in-memory data.
    public var path: String
    /// The byte at fault, when one can be named.
    ///
    /// ```swift
    /// if let byte = error.offset { print("at byte", byte) }
    /// ```
    public var offset: Int?
    /// `offset` counts bytes of the decompressed contents of a `.gz` file, not of the file.
    public var inDecompressedData: Bool

    /// An error about `path`, at `offset` when known.
    ///
    /// ```swift
    /// throw DataError(.truncated(expected: "a label byte"), path: "labels.idx1-ubyte", offset: 1000)
    /// ```
    public init(_ reason: Reason, path: String, offset: Int? = nil, inDecompressedData: Bool = false) {
        self.reason = reason
        self.path = path
        self.offset = offset
        self.inDecompressedData = inDecompressedData
    }

    /// The message: the path, the byte when known, and what is wrong.
    ///
    /// ```swift
    /// print(DataError(.truncated(expected: "a label byte"), path: "labels.bin", offset: 1000))
    /// // labels.bin: byte 1000: data ends early; expected a label byte
    /// ```
    public var description: String {
        var location = path
        if let offset {
            location += inDecompressedData ? ": byte \(offset) of the decompressed data" : ": byte \(offset)"
        }
        return "\(location): \(reason.text)"
    }
}

extension DataError.Reason {
    var text: String {
        switch self {
        case .missingFile(let expected): "file not found; expected \(expected)"
        case .unreadable(let why): "cannot read file: \(why)"
        case .notARegularFile(let kind, let expected): "is \(kind.text); expected \(expected)"
        case .badMagic(let found, let expected): "bad magic \(hex(found)), expected \(hex(expected))"
        case .unsupported(let what): "unsupported: \(what)"
        case .badBlockType(let type): "bad DEFLATE block type \(type)"
        case .badHuffmanCode(let why): "bad Huffman code: \(why)"
        case .badStoredLength(let length, let complement):
            "stored block length \(length) does not match its complement \(complement)"
        case .badDistance(let distance, let available):
            "back-reference distance \(distance) but only \(available) bytes decoded"
        case .badChecksum(let stored, let computed):
            "checksum mismatch: stored \(hex32(stored)), computed \(hex32(computed))"
        case .badLength(let stored, let actual): "length mismatch: stored \(stored), actual \(actual)"
        case .truncated(let expected): "data ends early; expected \(expected)"
        case .trailingBytes(let count): "\(count) unexpected bytes after the end of the data"
        case .badHeader(let why): "bad header: \(why)"
        case .badValue(let why): "bad value: \(why)"
        case .partialRecord(let recordSize, let fileSize):
            "file size \(fileSize) is not a multiple of the \(recordSize)-byte record; the partial record starts here"
        case .labelOutOfRange(let label, let classes): "label \(label) is outside 0..<\(classes)"
        case .mismatch(let why): why
        case .decompressesPastLimit(let limit, let source): "decompresses to more than the \(limit) bytes \(source)"
        case .fileTooLarge(let limit, let source): "the file is larger than the \(limit) bytes \(source)"
        case .needsTooMuchMemory(let what, let needed):
            "\(what) needs \(needed) bytes of memory to load, more than the \(DataFile.memoryLimit) allowed "
                + "(half of this machine's memory)"
        }
    }
}

private func hex(_ bytes: [UInt8]) -> String {
    "0x" + bytes.map { String($0, radix: 16, uppercase: false).leftPadded(to: 2) }.joined()
}

private func hex32(_ value: UInt32) -> String { "0x" + String(value, radix: 16).leftPadded(to: 8) }

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

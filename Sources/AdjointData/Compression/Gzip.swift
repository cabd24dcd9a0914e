/// The gzip file format (RFC 1952): one or more members, each a header, a DEFLATE stream
/// and a trailer with the CRC-32 and length of the member's data.
///
/// Every header field is parsed (FEXTRA, FNAME, FCOMMENT and the FHCRC header checksum) and
/// every trailer is checked. Concatenated members decompress to the concatenation of their
/// data, as `gunzip` does; anything after the last member is an error.
///
/// The output is bounded by the caller, not by the file: the trailer's ISIZE is only the
/// length modulo 4 GiB, so decoding stops with `decompressesPastLimit` as soon as the data
/// passes `maximumSize`, and memory stays within that whatever the compression ratio.
///
/// ```swift
/// let path = "Data/train-labels-idx1-ubyte.gz"
/// let bytes = try Gzip.decompress(try DataFile.read(path, expected: "labels"), path: path)
/// ```
public enum Gzip {
    /// The two bytes every gzip member starts with.
    ///
    /// ```swift
    /// let isGzip = bytes.starts(with: Gzip.magic)
    /// ```
    public static let magic: [UInt8] = [0x1F, 0x8B]

    /// The default `maximumSize`: 1 GiB, twenty times the largest IDX file of Fashion-MNIST.
    public static let defaultMaximumSize = 1 << 30

    /// The most one byte of DEFLATE data can decompress to: a 258-byte match coded in two bits.
    public static let maximumRatio = 1032

    /// Decompresses the gzip data `bytes`, refusing to produce more than `maximumSize`
    /// bytes; `path` names it in errors.
    ///
    /// ```swift
    /// let original = try Gzip.decompress(bytes, path: "notes.txt.gz", maximumSize: 1 << 20)
    /// ```
    public static func decompress(_ bytes: [UInt8], path: String = "<memory>",
                                  maximumSize: Int = defaultMaximumSize) throws(DataError) -> [UInt8] {
        try decompress(bytes, path: path, limit: OutputLimit(bytes: maximumSize, source: "allowed"))
    }

    /// Decompresses `bytes` to at most `limit.bytes` bytes.
    static func decompress(_ bytes: [UInt8], path: String, limit: OutputLimit) throws(DataError) -> [UInt8] {
        let output = ByteBuffer(capacity: min(capacityHint(bytes), limit.bytes), limit: limit.bytes)
        try decompress(bytes, into: output, limit: limit, path: path)
        return output.toArray()
    }

    /// The first `count` bytes of the decompressed data (fewer if it is shorter), without
    /// decoding the rest; the trailers are not checked unless the data ends within them.
    ///
    /// Readers use it for the header that tells them how much data to allow.
    static func prefix(_ bytes: [UInt8], count: Int, path: String) throws(DataError) -> [UInt8] {
        let output = ByteBuffer(capacity: count, limit: count)
        do {
            try decompress(bytes, into: output, limit: OutputLimit(bytes: count, source: "wanted"), path: path)
        } catch where error.reason == .decompressesPastLimit(limit: count, source: "wanted") {
            // The inflater stops with exactly `count` bytes written.
        }
        return output.toArray()
    }

    private static func decompress(_ bytes: [UInt8], into output: ByteBuffer, limit: OutputLimit,
                                   path: String) throws(DataError) {
        try bytes.withUnsafeBufferPointer { input throws(DataError) in
            let inflater = Inflater()
            var position = 0
            repeat {
                position = try decompressMember(input, at: position, into: output, using: inflater, limit: limit, path: path)
            } while position < input.count
        }
    }

    /// The output size to allocate up front: the last member's ISIZE, which for the usual
    /// single-member file is the whole length (modulo 4 GiB), unless it is implausibly large.
    private static func capacityHint(_ bytes: [UInt8]) -> Int {
        guard bytes.count >= 18 else { return 0 }
        let size = bytes.withUnsafeBufferPointer { Int(UInt32(littleEndianBytesAt: $0.baseAddress! + $0.count - 4)) }
        return size <= bytes.count * maximumRatio ? size : bytes.count * 4
    }

    private static let flagHeaderCRC: UInt8 = 2, flagExtra: UInt8 = 4
    private static let flagName: UInt8 = 8, flagComment: UInt8 = 16

    /// Decodes the member starting at `start`; returns the index just after its trailer.
    private static func decompressMember(_ input: UnsafeBufferPointer<UInt8>, at start: Int, into output: ByteBuffer,
                                         using inflater: Inflater, limit: OutputLimit, path: String) throws(DataError) -> Int {
        func need(_ n: Int, at position: Int, for what: String) throws(DataError) {
            guard position + n <= input.count else {
                throw DataError(.truncated(expected: what), path: path, offset: input.count)
            }
        }
        func endOfZeroTerminated(from position: Int, field: String) throws(DataError) -> Int {
            guard let zero = input[position...].firstIndex(of: 0) else {
                throw DataError(.truncated(expected: "the end of the \(field) field"), path: path, offset: input.count)
            }
            return zero + 1
        }

        // Check what there is of the magic first: a short non-gzip tail is garbage, not a cut.
        let found = Array(input[start..<min(start + 2, input.count)])
        guard magic.starts(with: found) else {
            throw DataError(.badMagic(found: found, expected: magic), path: path, offset: start)
        }
        try need(10, at: start, for: "a 10-byte gzip member header")
        guard input[start + 2] == 8 else {
            throw DataError(.unsupported("gzip compression method \(input[start + 2]) (only 8, DEFLATE, exists)"),
                            path: path, offset: start + 2)
        }
        let flags = input[start + 3]
        guard flags & 0xE0 == 0 else {
            throw DataError(.badHeader("reserved gzip flag bits set in 0x\(String(flags, radix: 16))"),
                            path: path, offset: start + 3)
        }
        var position = start + 10
        if flags & flagExtra != 0 {
            try need(2, at: position, for: "the FEXTRA length")
            let extraLength = Int(input[position]) | Int(input[position + 1]) << 8
            try need(2 + extraLength, at: position, for: "\(extraLength) bytes of FEXTRA data")
            position += 2 + extraLength
        }
        if flags & flagName != 0 { position = try endOfZeroTerminated(from: position, field: "FNAME") }
        if flags & flagComment != 0 { position = try endOfZeroTerminated(from: position, field: "FCOMMENT") }
        if flags & flagHeaderCRC != 0 {
            try need(2, at: position, for: "the FHCRC header checksum")
            let stored = UInt32(input[position]) | UInt32(input[position + 1]) << 8
            var crc = CRC32()
            crc.update(UnsafeBufferPointer(rebasing: input[start..<position]))
            guard stored == crc.value & 0xFFFF else {
                throw DataError(.badChecksum(stored: stored, computed: crc.value & 0xFFFF), path: path, offset: position)
            }
            position += 2
        }

        let dataStart = output.count
        position = try inflater.inflate(input, from: position, into: output, limit: limit, path: path)

        try need(8, at: position, for: "the 8-byte gzip trailer (CRC-32 and ISIZE)")
        var crc = CRC32()
        crc.update(output.bytes(dataStart..<output.count))
        let storedCRC = UInt32(littleEndianBytesAt: input.baseAddress! + position)
        guard storedCRC == crc.value else {
            throw DataError(.badChecksum(stored: storedCRC, computed: crc.value), path: path, offset: position)
        }
        let storedSize = UInt32(littleEndianBytesAt: input.baseAddress! + position + 4)
        let actualSize = UInt32(truncatingIfNeeded: output.count - dataStart)
        guard storedSize == actualSize else {
            throw DataError(.badLength(stored: storedSize, actual: actualSize), path: path, offset: position + 4)
        }
        return position + 8
    }
}

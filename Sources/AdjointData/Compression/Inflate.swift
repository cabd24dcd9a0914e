/// DEFLATE decompression (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
///
/// Use ``Gzip`` for `.gz` files; this decodes a raw DEFLATE stream, the body of a gzip
/// member. Malformed input throws a ``DataError`` naming the byte at fault; it never crashes,
/// never loops on garbage, and never produces more than the maximum size it is given.
///
/// ```swift
/// let raw: [UInt8] = [0x01, 0x03, 0x00, 0xFC, 0xFF, 0x61, 0x62, 0x63]   // stored block "abc"
/// let text = try Inflate.decompress(raw)                                // [0x61, 0x62, 0x63]
/// ```
public enum Inflate {
    /// Decompresses the raw DEFLATE stream `deflated`; `path` names it in errors.
    ///
    /// Bytes after the final block are an error, as they mean the input is not what the
    /// caller thinks it is. A stream that would produce more than `maximumSize` bytes is
    /// refused as soon as it passes that size (`decompressesPastLimit`).
    ///
    /// ```swift
    /// let original = try Inflate.decompress(bytes, path: "blob.deflate", maximumSize: 1 << 20)
    /// ```
    public static func decompress(_ deflated: [UInt8], path: String = "<memory>",
                                  maximumSize: Int = Gzip.defaultMaximumSize) throws(DataError) -> [UInt8] {
        let limit = OutputLimit(bytes: maximumSize, source: "allowed")
        let output = ByteBuffer(capacity: min(deflated.count * 4, maximumSize), limit: maximumSize)
        let end = try deflated.withUnsafeBufferPointer { input throws(DataError) in
            try Inflater().inflate(input, from: 0, into: output, limit: limit, path: path)
        }
        if end < deflated.count {
            throw DataError(.trailingBytes(count: deflated.count - end), path: path, offset: end)
        }
        return output.toArray()
    }
}

/// The most bytes a decompression may produce, and what sets that bound, for the error.
struct OutputLimit {
    /// The largest output count allowed, counted from the start of the output buffer.
    let bytes: Int
    /// Completes "decompresses to more than the N bytes ...": "allowed", "its IDX header announces".
    let source: String
}

/// Decodes DEFLATE streams; one instance owns the Huffman tables and reuses them.
final class Inflater {
    private let literalLengths = HuffmanTable(primaryBits: 10, maxSymbols: 288)
    private let distances = HuffmanTable(primaryBits: 8, maxSymbols: 32)
    private let codeLengths = HuffmanTable(primaryBits: 7, maxSymbols: 19)

    /// Decodes the stream starting at `input[start]`, appending to `output`; returns the
    /// index of the first byte after the stream's final block.
    ///
    /// When the stream would take `output` past `limit.bytes`, it is filled to exactly that
    /// many bytes and `decompressesPastLimit` is thrown, so a caller that only wants the
    /// first bytes (an IDX header) can catch it and use them.
    func inflate(_ input: UnsafeBufferPointer<UInt8>, from start: Int, into output: ByteBuffer,
                 limit: OutputLimit, path: String) throws(DataError) -> Int {
        var bits = BitReader(input, position: start, path: path)
        let outputStart = output.count
        var isFinal = false
        while !isFinal {
            try bits.refill()
            let headerOffset = bits.byteOffset
            isFinal = bits.take(1) == 1
            switch bits.take(2) {
            case 0:
                try copyStoredBlock(&bits, into: output, limit: limit, path: path)
            case 1:
                buildFixedTables()
                try decodeHuffmanBlock(&bits, into: output, outputStart: outputStart, limit: limit, path: path)
            case 2:
                try readDynamicTables(&bits)
                try decodeHuffmanBlock(&bits, into: output, outputStart: outputStart, limit: limit, path: path)
            case let type:
                throw bits.error(.badBlockType(Int(type)), at: headerOffset)
            }
        }
        return try bits.alignedEnd()
    }

    /// A stored block: byte-aligned LEN, its complement NLEN, then LEN literal bytes.
    private func copyStoredBlock(_ bits: inout BitReader, into output: ByteBuffer, limit: OutputLimit,
                                 path: String) throws(DataError) {
        bits.skipToByteBoundary()
        try bits.refill()
        let offset = bits.byteOffset
        let length = Int(bits.take(16))
        let complement = Int(bits.take(16))
        guard length == ~complement & 0xFFFF else {
            throw bits.error(.badStoredLength(length: length, complement: complement), at: offset)
        }
        let source = try bits.takeBytes(length)
        let kept = min(length, limit.bytes - output.count)
        output.reserve(kept)
        (output.base + output.count).initialize(from: source, count: kept)
        output.count += kept
        if kept < length { throw pastLimit(limit, path: path, offset: offset) }
    }

    private func pastLimit(_ limit: OutputLimit, path: String, offset: Int) -> DataError {
        DataError(.decompressesPastLimit(limit: limit.bytes, source: limit.source), path: path, offset: offset)
    }

    /// The fixed codes of RFC 1951, 3.2.6 (rebuilt per block: cheaper than a second set of tables).
    private func buildFixedTables() {
        var lengths = [UInt8](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        do {
            try literalLengths.build(lengths: lengths[...], payloads: Entry.literalLengthPayloads)
            try distances.build(lengths: [UInt8](repeating: 5, count: 32)[...], payloads: Entry.distancePayloads)
        } catch {
            preconditionFailure("the fixed Huffman codes are complete: \(error.why)")
        }
    }

    /// The dynamic block header (RFC 1951, 3.2.7): code lengths coded with a code-length code.
    private func readDynamicTables(_ bits: inout BitReader) throws(DataError) {
        try bits.refill()
        let offset = bits.byteOffset
        let literalCount = Int(bits.take(5)) + 257
        let distanceCount = Int(bits.take(5)) + 1
        let codeLengthCount = Int(bits.take(4)) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw bits.error(.badHuffmanCode("\(literalCount) literal/length or \(distanceCount) distance codes"),
                             at: offset)
        }
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount {
            try bits.refill()
            codeLengthLengths[order[i]] = UInt8(bits.take(3))
        }
        do {
            try codeLengths.build(lengths: codeLengthLengths[...], payloads: Entry.codeLengthPayloads)
        } catch {
            throw bits.error(.badHuffmanCode("code-length code: \(error.why)"), at: offset)
        }

        let total = literalCount + distanceCount
        var lengths = [UInt8](repeating: 0, count: total)
        var i = 0
        while i < total {
            try bits.refill()
            let symbolOffset = bits.byteOffset
            let entry = codeLengths.entries[Int(bits.peek(7))]
            guard entry & Entry.kindMask != Entry.invalid else {
                throw bits.error(.badHuffmanCode("invalid code-length symbol"), at: symbolOffset, examinedBits: 7)
            }
            bits.consume(Int(entry & 15))
            let symbol = UInt8(entry >> 16)
            var repeatCount = 1
            var value = symbol
            switch symbol {
            case 16:
                guard i > 0 else {
                    throw bits.error(.badHuffmanCode("repeat of the previous length at the start"), at: symbolOffset)
                }
                value = lengths[i - 1]
                repeatCount = 3 + Int(bits.take(2))
            case 17:
                value = 0
                repeatCount = 3 + Int(bits.take(3))
            case 18:
                value = 0
                repeatCount = 11 + Int(bits.take(7))
            default:
                break
            }
            guard i + repeatCount <= total else {
                throw bits.error(.badHuffmanCode("code lengths repeat past the \(total) symbols"), at: symbolOffset)
            }
            for k in i..<(i + repeatCount) { lengths[k] = value }
            i += repeatCount
        }
        guard lengths[256] != 0 else {
            throw bits.error(.badHuffmanCode("no end-of-block code"), at: offset)
        }
        do {
            try literalLengths.build(lengths: lengths[0..<literalCount], payloads: Entry.literalLengthPayloads)
        } catch {
            throw bits.error(.badHuffmanCode("literal/length code: \(error.why)"), at: offset)
        }
        do {
            try distances.build(lengths: lengths[literalCount...], payloads: Entry.distancePayloads)
        } catch {
            throw bits.error(.badHuffmanCode("distance code: \(error.why)"), at: offset)
        }
    }

    /// Decodes literals and length/distance pairs up to the end-of-block symbol.
    ///
    /// This is the hot loop: one refill per symbol (57 or more bits cover the longest
    /// length/distance pair, 48 bits), state in locals, 8-byte copies for matches. The limit
    /// costs one comparison per symbol; a match that crosses it is copied up to it.
    private func decodeHuffmanBlock(_ bits: inout BitReader, into output: ByteBuffer, outputStart: Int,
                                    limit: OutputLimit, path: String) throws(DataError) {
        let literalTable = literalLengths.entries
        let literalBits = UInt64(literalLengths.primaryBits)
        let literalMask = UInt64(1) << literalBits - 1
        let distanceTable = distances.entries
        let distanceBits = UInt64(distances.primaryBits)
        let distanceMask = UInt64(1) << distanceBits - 1
        // Matches are copied 8 bytes at a time and may write up to 7 bytes past their end.
        let slack = ByteBuffer.slack
        let end = limit.bytes
        var out = output.base
        var o = output.count
        var capacity = output.capacity
        defer { output.count = o }

        while true {
            if o + slack > capacity {
                output.count = o
                output.reserve(slack)
                out = output.base
                capacity = output.capacity
            }
            try bits.refill()
            var entry = literalTable[Int(bits.buffer & literalMask)]
            if entry & Entry.subtable != 0 {
                let index = (bits.buffer >> literalBits) & (UInt64(1) << UInt64((entry >> 4) & 15) - 1)
                entry = literalTable[Int(entry >> 16) + Int(index)]
            }
            let kind = entry & Entry.kindMask
            if kind == Entry.literal {
                if o == end { throw pastLimit(limit, path: path, offset: bits.byteOffset) }
                bits.consume(Int(entry & 15))
                out[o] = UInt8(truncatingIfNeeded: entry >> 16)
                o += 1
                continue
            }
            if kind == Entry.endOfBlock {
                bits.consume(Int(entry & 15))
                return
            }
            if kind == Entry.invalid {
                throw bits.error(.badHuffmanCode("invalid literal/length symbol"), at: bits.byteOffset, examinedBits: 15)
            }
            bits.consume(Int(entry & 15))
            let length = Int(entry >> 16) + Int(bits.take(Int((entry >> 4) & 15)))

            let distanceOffset = bits.byteOffset
            entry = distanceTable[Int(bits.buffer & distanceMask)]
            if entry & Entry.subtable != 0 {
                let index = (bits.buffer >> distanceBits) & (UInt64(1) << UInt64((entry >> 4) & 15) - 1)
                entry = distanceTable[Int(entry >> 16) + Int(index)]
            }
            guard entry & Entry.kindMask == Entry.lengthOrDistance else {
                throw bits.error(.badHuffmanCode("invalid distance symbol"), at: distanceOffset, examinedBits: 15)
            }
            bits.consume(Int(entry & 15))
            let distance = Int(entry >> 16) + Int(bits.take(Int((entry >> 4) & 15)))
            guard distance <= o - outputStart else {
                throw bits.error(.badDistance(distance: distance, available: o - outputStart), at: distanceOffset)
            }
            if length > end - o {
                copyMatch(out + o, distance: distance, length: end - o)
                o = end
                throw pastLimit(limit, path: path, offset: distanceOffset)
            }
            copyMatch(out + o, distance: distance, length: length)
            o += length
        }
    }

    /// Copies `length` bytes from `distance` back; the ranges overlap when distance < length,
    /// which repeats the last `distance` bytes, as DEFLATE intends.
    @inline(__always)
    private func copyMatch(_ destination: UnsafeMutablePointer<UInt8>, distance: Int, length: Int) {
        let source = destination - distance
        if distance >= 8 {
            // Each 8-byte read ends at or before the bytes being written, so it sees final data.
            var i = 0
            while i < length {
                UnsafeMutableRawPointer(destination + i).storeBytes(
                    of: UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self), as: UInt64.self)
                i += 8
            }
        } else if distance == 1 {
            destination.update(repeating: source.pointee, count: length)
        } else {
            for i in 0..<length { destination[i] = source[i] }
        }
    }
}

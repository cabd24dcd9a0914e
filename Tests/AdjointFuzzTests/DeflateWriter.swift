import AdjointData

// A small DEFLATE and gzip writer, so the tests can build valid seed files and decompression
// bombs in memory: stored blocks, fixed-Huffman blocks with greedy LZ77 matches, and the
// dynamic block of a bomb, built by hand so each seed is the stream it says (the library's
// `Deflate` chooses its own matches and blocks).

/// Writes DEFLATE's least-significant-bit-first bit stream.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    /// Appends the low `n` bits of `value` (at most 32), lowest first.
    mutating func write(_ value: Int, bits n: Int) {
        buffer |= UInt64(value & (1 << n - 1)) << UInt64(count)
        count += n
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    /// Appends a Huffman code, which DEFLATE sends most significant bit first.
    mutating func write(code: Int, length: Int) {
        var reversed = 0
        for bit in 0..<length where code & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
        write(reversed, bits: length)
    }

    /// Pads with zero bits to a byte boundary.
    mutating func align() { if count > 0 { write(0, bits: 8 - count) } }

    /// Appends whole bytes after `align()`.
    mutating func append(_ raw: [UInt8]) { bytes += raw }
}

/// The canonical codes (RFC 1951, 3.2.2) of the code `lengths`, as (code, length) per symbol.
func canonicalCodes(_ lengths: [Int]) -> [(code: Int, length: Int)] {
    var counts = [Int](repeating: 0, count: 16)
    for length in lengths where length > 0 { counts[length] += 1 }
    var next = [Int](repeating: 0, count: 16)
    var code = 0
    for length in 1...15 {
        code = (code + counts[length - 1]) << 1
        next[length] = code
    }
    return lengths.map { length in
        guard length > 0 else { return (0, 0) }
        defer { next[length] += 1 }
        return (next[length], length)
    }
}

/// The fixed literal/length code of RFC 1951, 3.2.6.
let fixedLiteralCodes = canonicalCodes((0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
let lengthBases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
let distanceBases = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                     1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]

/// `bytes` as one final fixed-Huffman block, with greedy matches up to 258 bytes long found
/// in the last 256 bytes, so seeds exercise literals, lengths and distances.
func fixedHuffmanDeflate(_ bytes: [UInt8]) -> [UInt8] {
    var out = BitWriter()
    out.write(1, bits: 1)
    out.write(1, bits: 2)
    var i = 0
    while i < bytes.count {
        var bestLength = 0, bestDistance = 0
        for distance in 1...min(256, max(i, 1)) where distance <= i {
            var length = 0
            while length < 258, i + length < bytes.count, bytes[i + length] == bytes[i + length - distance] { length += 1 }
            if length > bestLength { (bestLength, bestDistance) = (length, distance) }
        }
        if bestLength >= 3 {
            let l = lengthBases.lastIndex { $0 <= bestLength }!
            out.write(code: fixedLiteralCodes[257 + l].code, length: fixedLiteralCodes[257 + l].length)
            out.write(bestLength - lengthBases[l], bits: lengthExtra[l])
            let d = distanceBases.lastIndex { $0 <= bestDistance }!
            out.write(code: d, length: 5)
            out.write(bestDistance - distanceBases[d], bits: max(0, d / 2 - 1))
            i += bestLength
        } else {
            let symbol = fixedLiteralCodes[Int(bytes[i])]
            out.write(code: symbol.code, length: symbol.length)
            i += 1
        }
    }
    out.write(code: fixedLiteralCodes[256].code, length: fixedLiteralCodes[256].length)
    out.align()
    return out.bytes
}

/// `bytes` as stored blocks of at most `blockSize` bytes, the last one final.
func storedDeflate(_ bytes: [UInt8], blockSize: Int = 65535) -> [UInt8] {
    var out = BitWriter()
    var start = 0
    repeat {
        let end = min(start + blockSize, bytes.count)
        out.write(end == bytes.count ? 1 : 0, bits: 1)
        out.write(0, bits: 2)
        out.align()
        let length = end - start
        out.append([UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)])
        out.append(Array(bytes[start..<end]))
        start = end
    } while start < bytes.count
    return out.bytes
}

/// A gzip member around `deflated`, whose decompressed data is `original` (for the trailer);
/// `name` sets FNAME, so seeds exercise the optional header fields too.
func gzipMember(_ deflated: [UInt8], of original: [UInt8], name: String? = nil) -> [UInt8] {
    var header: [UInt8] = [0x1F, 0x8B, 8, name == nil ? 0 : 8, 0, 0, 0, 0, 0, 0xFF]
    if let name { header += Array(name.utf8) + [0] }
    return header + deflated + littleEndian32(CRC32.checksum(original)) + littleEndian32(UInt32(truncatingIfNeeded: original.count))
}

func littleEndian32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

/// A decompression bomb: a stored block holding `prefix`, then one dynamic-Huffman block
/// whose only codes are a 1-bit length-258 code and a 1-bit distance-1 code, so each zero
/// *bit pair* of input repeats 258 zero bytes, the most DEFLATE allows (1032:1). It decodes
/// to `prefix`, a zero byte, and `matches` x 258 zero bytes, and ends with its end-of-block
/// code: a valid stream, not a damaged one.
func zeroBomb(prefix: [UInt8], matches: Int) -> [UInt8] {
    var out = BitWriter()
    // The prefix, in a non-final stored block.
    out.write(0, bits: 1)
    out.write(0, bits: 2)
    out.align()
    out.append([UInt8(prefix.count & 0xFF), UInt8(prefix.count >> 8),
                UInt8(~prefix.count & 0xFF), UInt8((~prefix.count >> 8) & 0xFF)] + prefix)
    // The final dynamic block: literal 0 (2 bits), end of block (2 bits), length 258 (1 bit);
    // distance code 0 (1 bit).
    out.write(1, bits: 1)
    out.write(2, bits: 2)
    out.write(286 - 257, bits: 5)   // HLIT: symbols 0...285
    out.write(0, bits: 5)           // HDIST: one distance code
    out.write(18 - 4, bits: 4)      // HCLEN: the code-length code's first 18 lengths, in RFC order
    // Code-length code: 18 (runs of zeros) gets 1 bit, lengths 1 and 2 get 2 bits.
    var codeLengthLengths = [Int](repeating: 0, count: 19)
    codeLengthLengths[18] = 1
    codeLengthLengths[1] = 2
    codeLengthLengths[2] = 2
    let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    for symbol in order.prefix(18) { out.write(codeLengthLengths[symbol], bits: 3) }
    let codeLengthCodes = canonicalCodes(codeLengthLengths)
    func length(_ value: Int) { out.write(code: codeLengthCodes[value].code, length: codeLengthCodes[value].length) }
    func zeros(_ count: Int) {
        out.write(code: codeLengthCodes[18].code, length: codeLengthCodes[18].length)
        out.write(count - 11, bits: 7)
    }
    length(2)                        // literal 0
    zeros(138); zeros(117)           // literals 1...255
    length(2)                        // end of block (256)
    zeros(28)                        // lengths 257...284
    length(1)                        // length 258 (285)
    length(1)                        // distance code 0 (distance 1)
    let literals = canonicalCodes([2] + [Int](repeating: 0, count: 255) + [2] + [Int](repeating: 0, count: 28) + [1])
    out.write(code: literals[0].code, length: literals[0].length)
    // Each match is the 1-bit code 0 for length 258 and the 1-bit code 0 for distance 1.
    var remaining = 2 * matches
    while remaining > 0 {
        let n = min(remaining, 32)
        out.write(0, bits: n)
        remaining -= n
    }
    out.write(code: literals[256].code, length: literals[256].length)
    out.align()
    return out.bytes
}

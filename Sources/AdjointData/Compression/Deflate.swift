/// DEFLATE compression (RFC 1951), the counterpart of ``Inflate``: LZ77 matches found through
/// hash chains over the 32 KiB window, coded with the fixed Huffman code, or stored blocks when
/// those are shorter (data that does not compress, such as random floats).
///
/// ```swift
/// let text = [UInt8](repeating: 0x61, count: 1000)
/// let packed = Deflate.compress(text)               // a few bytes
/// let same = try Inflate.decompress(packed) == text // true
/// ```
public enum Deflate {
    /// The raw DEFLATE stream of `bytes`.
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        let coded = fixedHuffman(bytes)
        let stored = storedBlocks(bytes)
        return coded.count < stored.count ? coded : stored
    }

    static let window = 1 << 15
    static let longestMatch = 258
    /// How many earlier positions with the same hash are tried: zlib's default level tries 128
    /// on short matches; 32 finds most of the gain at a quarter of the time.
    static let chainLimit = 32

    /// One final fixed-Huffman block of literals and greedy matches.
    static func fixedHuffman(_ bytes: [UInt8]) -> [UInt8] {
        var out = DeflateBitWriter()
        out.write(1, bits: 1)   // final
        out.write(1, bits: 2)   // fixed Huffman
        var chains = MatchChains(count: bytes.count)
        var i = 0
        while i < bytes.count {
            let (length, distance) = chains.longestMatch(in: bytes, at: i)
            if length >= 3 {
                writeMatch(length: length, distance: distance, to: &out)
                for position in i..<(i + length) { chains.insert(bytes, at: position) }
                i += length
            } else {
                writeSymbol(Int(bytes[i]), to: &out)
                chains.insert(bytes, at: i)
                i += 1
            }
        }
        writeSymbol(256, to: &out)
        return out.finish()
    }

    /// `bytes` as stored blocks of at most 65535 bytes, the last one final.
    static func storedBlocks(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        repeat {
            let end = min(start + 0xFFFF, bytes.count), length = end - start
            out += [end == bytes.count ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8),
                    UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += bytes[start..<end]
            start = end
        } while start < bytes.count
        return out
    }

    private static func writeMatch(length: Int, distance: Int, to out: inout DeflateBitWriter) {
        let l = DeflateAlphabet.lengthBases.lastIndex { $0 <= length }!
        writeSymbol(257 + l, to: &out)
        out.write(length - DeflateAlphabet.lengthBases[l], bits: DeflateAlphabet.lengthExtraBits[l])
        let d = DeflateAlphabet.distanceBases.lastIndex { $0 <= distance }!
        out.write(reversed(d, bits: 5), bits: 5)
        out.write(distance - DeflateAlphabet.distanceBases[d], bits: DeflateAlphabet.distanceExtraBits(d))
    }

    /// Writes literal/length `symbol` in the fixed code (RFC 1951, 3.2.6), whose codes are
    /// sent most significant bit first.
    private static func writeSymbol(_ symbol: Int, to out: inout DeflateBitWriter) {
        let (code, length) = switch symbol {
        case ..<144: (0x30 + symbol, 8)
        case ..<256: (0x190 + symbol - 144, 9)
        case ..<280: (symbol - 256, 7)
        default: (0xC0 + symbol - 280, 8)
        }
        out.write(reversed(code, bits: length), bits: length)
    }

    private static func reversed(_ code: Int, bits: Int) -> Int {
        var result = 0
        for bit in 0..<bits where code & (1 << bit) != 0 { result |= 1 << (bits - 1 - bit) }
        return result
    }
}

/// The earlier positions of each 3-byte hash within the window, newest first.
struct MatchChains {
    private var head: [Int]
    /// The previous position with the same hash, by position modulo the window.
    private var previous: [Int]

    init(count: Int) {
        head = [Int](repeating: -1, count: 1 << 15)
        previous = [Int](repeating: -1, count: min(count, Deflate.window))
    }

    private static func hash(_ bytes: [UInt8], _ i: Int) -> Int {
        (Int(bytes[i]) << 10 ^ Int(bytes[i + 1]) << 5 ^ Int(bytes[i + 2])) & (1 << 15 - 1)
    }

    mutating func insert(_ bytes: [UInt8], at i: Int) {
        guard i + 3 <= bytes.count else { return }
        let h = Self.hash(bytes, i)
        previous[i % Deflate.window] = head[h]
        head[h] = i
    }

    /// The longest match (length, distance) for the bytes at `i`, or length 0.
    func longestMatch(in bytes: [UInt8], at i: Int) -> (length: Int, distance: Int) {
        guard i + 3 <= bytes.count else { return (0, 0) }
        let most = min(Deflate.longestMatch, bytes.count - i)
        var best = (length: 0, distance: 0)
        var candidate = head[Self.hash(bytes, i)]
        var tries = 0
        // Positions further back than the window have had their `previous` slot reused.
        while candidate >= 0, i - candidate <= Deflate.window, tries < Deflate.chainLimit {
            var length = 0
            while length < most, bytes[candidate + length] == bytes[i + length] { length += 1 }
            if length > best.length {
                best = (length, i - candidate)
                if length == most { break }
            }
            let next = previous[candidate % Deflate.window]
            guard next < candidate else { break }
            candidate = next
            tries += 1
        }
        return best
    }
}

/// A canonical Huffman code (RFC 1951, 3.2.2) as a lookup table indexed by the next input bits.
///
/// DEFLATE sends codes most significant bit first inside a least-significant-first bit
/// stream, so the table is indexed by the bit-reversed code: one lookup of the low
/// `primaryBits` bits of the bit buffer finds every code that short. Longer codes go through
/// one second-level table per distinct prefix, all of size `2^(longest - primaryBits)`, so
/// decoding a symbol is one or two loads. The storage is allocated once and rebuilt for
/// every dynamic block, so decoding allocates nothing per block.
///
/// An entry packs everything the decoder needs after the lookup (see `Entry`); the symbol's
/// meaning comes from a per-alphabet payload (literal byte, length base and extra bits, ...)
/// so the hot loop never consults a second table.
final class HuffmanTable {
    /// Why a list of code lengths does not describe a usable code.
    struct Invalid: Error { let why: String }

    let primaryBits: Int
    let entries: UnsafeMutablePointer<UInt32>
    private let capacity: Int

    /// Room for any code over `maxSymbols` symbols of at most 15 bits.
    init(primaryBits: Int, maxSymbols: Int) {
        self.primaryBits = primaryBits
        capacity = (1 << primaryBits) + maxSymbols << max(0, 15 - primaryBits)
        entries = .allocate(capacity: capacity)
    }

    deinit { entries.deallocate() }

    /// Fills the table for `lengths[i]`, the code length of symbol `i` (0 = unused).
    ///
    /// Over-subscribed codes are rejected. Incomplete codes are rejected too, except a code
    /// with a single one-bit symbol or with no symbols at all, which RFC 1951 permits for
    /// distances; slots no code reaches decode as `Entry.invalid`.
    func build(lengths: ArraySlice<UInt8>, payloads: [UInt32]) throws(Invalid) {
        var counts = [Int](repeating: 0, count: 16)
        for length in lengths { counts[Int(length)] += 1 }
        counts[0] = 0
        var left = 1
        for length in 1...15 {
            left = left << 1 - counts[length]
            if left < 0 { throw Invalid(why: "over-subscribed code lengths") }
        }
        let longest = (1...15).last { counts[$0] > 0 } ?? 0
        if left > 0 && longest > 1 { throw Invalid(why: "incomplete set of code lengths") }

        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1...15 {
            code = (code + counts[length - 1]) << 1
            nextCode[length] = code
        }

        let primarySize = 1 << primaryBits
        let subBits = max(0, longest - primaryBits)
        entries.initialize(repeating: Entry.invalid, count: primarySize)
        var used = primarySize
        // Canonical order (by length, then symbol) gives each symbol its code.
        for length in 1...max(longest, 1) where counts[length] > 0 {
            for (i, symbolLength) in zip(lengths.indices, lengths) where symbolLength == length {
                let entry = payloads[i - lengths.startIndex] | UInt32(length)
                let reversed = reverseBits(nextCode[length], count: length)
                nextCode[length] += 1
                if length <= primaryBits {
                    for slot in stride(from: reversed, to: primarySize, by: 1 << length) { entries[slot] = entry }
                    continue
                }
                let prefix = reversed & (primarySize - 1)
                if entries[prefix] & Entry.subtable == 0 {
                    entries[prefix] = Entry.subtable | UInt32(used) << 16 | UInt32(subBits) << 4
                    (entries + used).initialize(repeating: Entry.invalid, count: 1 << subBits)
                    used += 1 << subBits
                    assert(used <= capacity)
                }
                let start = Int(entries[prefix] >> 16)
                for slot in stride(from: reversed >> primaryBits, to: 1 << subBits, by: 1 << (length - primaryBits)) {
                    entries[start + slot] = entry
                }
            }
        }
    }

    private func reverseBits(_ code: Int, count: Int) -> Int {
        var reversed = 0
        for bit in 0..<count where code & (1 << bit) != 0 { reversed |= 1 << (count - 1 - bit) }
        return reversed
    }
}

/// The layout of a `HuffmanTable` entry.
///
/// Bits 0-3: code length to consume; 4-7: extra bits to read after the code (or, for a
/// subtable link, the subtable's index width); 8-9: kind; 10: subtable link; 16-31: value
/// (literal byte, length or distance base, or the subtable's start).
enum Entry {
    static let literal: UInt32 = 0 << 8
    static let lengthOrDistance: UInt32 = 1 << 8
    static let endOfBlock: UInt32 = 2 << 8
    static let invalid: UInt32 = 3 << 8
    static let kindMask: UInt32 = 3 << 8
    static let subtable: UInt32 = 1 << 10

    static func payload(kind: UInt32, value: Int, extraBits: Int = 0) -> UInt32 {
        kind | UInt32(value) << 16 | UInt32(extraBits) << 4
    }

    /// Literal/length alphabet: 0-255 bytes, 256 end of block, 257-285 lengths; 286 and 287
    /// take part in the fixed code but must never appear in data.
    static let literalLengthPayloads: [UInt32] = (0..<256).map { payload(kind: literal, value: $0) }
        + [endOfBlock]
        + zip(DeflateAlphabet.lengthBases, DeflateAlphabet.lengthExtraBits).map { payload(kind: lengthOrDistance, value: $0, extraBits: $1) }
        + [invalid, invalid]

    /// Distance alphabet: 0-29 distances; 30 and 31 only complete the fixed code.
    static let distancePayloads: [UInt32] = DeflateAlphabet.distanceBases.enumerated().map {
        payload(kind: lengthOrDistance, value: $1, extraBits: DeflateAlphabet.distanceExtraBits($0))
    } + [invalid, invalid]

    /// Code-length alphabet: 0-15 lengths, 16-18 repeat instructions.
    static let codeLengthPayloads: [UInt32] = (0..<19).map { payload(kind: literal, value: $0) }
}

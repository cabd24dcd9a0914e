/// Reads DEFLATE's least-significant-bit-first stream through a 64-bit buffer.
///
/// Invariant: `position * 8 - count` bits have been consumed. Near the end of the input
/// `refill` pads with zero bytes so the decoder needs no end checks per symbol; consuming
/// any padding is reported as truncation at the next refill, which the decoder calls once
/// per symbol, so garbage can never make it loop.
struct BitReader {
    private let input: UnsafeBufferPointer<UInt8>
    private let path: String
    /// The next byte to load; may run past the input while padding.
    private var position: Int
    /// The unconsumed bits, next bit lowest.
    private(set) var buffer: UInt64 = 0
    /// How many bits of `buffer` are valid.
    private var count = 0

    init(_ input: UnsafeBufferPointer<UInt8>, position: Int, path: String) {
        self.input = input
        self.position = position
        self.path = path
    }

    /// The byte holding the next unconsumed bit.
    var byteOffset: Int { (position * 8 - count) / 8 }

    /// Tops the buffer up to at least 57 valid bits.
    @inline(__always)
    mutating func refill() throws(DataError) {
        if position + 8 <= input.count {
            // Branch-free refill: OR in 8 fresh bytes, then keep the whole bytes that fit.
            let word = UInt64(littleEndian: UnsafeRawPointer(input.baseAddress! + position).loadUnaligned(as: UInt64.self))
            buffer |= word &<< UInt64(count)
            position += (63 - count) >> 3
            count |= 56
        } else {
            try refillNearEnd()
        }
    }

    private mutating func refillNearEnd() throws(DataError) {
        try checkNotPastEnd()
        while count <= 56 {
            if position < input.count { buffer |= UInt64(input[position]) << UInt64(count) }
            position += 1
            count += 8
        }
    }

    /// Throws `truncated` if the decoder has consumed bits beyond the input.
    private func checkNotPastEnd() throws(DataError) {
        if position * 8 - count > input.count * 8 {
            throw DataError(.truncated(expected: "more DEFLATE data"), path: path, offset: input.count)
        }
    }

    /// The next `n` bits without consuming them.
    @inline(__always)
    func peek(_ n: Int) -> UInt64 { buffer & (UInt64(1) << UInt64(n) - 1) }

    @inline(__always)
    mutating func consume(_ n: Int) {
        buffer >>= UInt64(n)
        count -= n
    }

    /// Consumes and returns the next `n` bits (at most the bits refilled).
    @inline(__always)
    mutating func take(_ n: Int) -> UInt32 {
        let value = UInt32(truncatingIfNeeded: peek(n))
        consume(n)
        return value
    }

    mutating func skipToByteBoundary() { consume(count & 7) }

    /// Consumes `n` whole bytes after a byte boundary and returns where they start.
    mutating func takeBytes(_ n: Int) throws(DataError) -> UnsafePointer<UInt8> {
        let start = byteOffset
        buffer = 0
        count = 0
        position = start
        guard start + n <= input.count else {
            throw DataError(.truncated(expected: "\(n) stored bytes from byte \(start)"), path: path, offset: input.count)
        }
        position += n
        return input.baseAddress! + start
    }

    /// After the final block: the index of the first byte after the stream.
    func alignedEnd() throws(DataError) -> Int {
        try checkNotPastEnd()
        return (position * 8 - count + 7) / 8
    }

    /// An error at `offset`, reported as truncation instead when the failing step consumed,
    /// or examined `examinedBits` bits that reach, past the end of the input: then the cut,
    /// not the data, is at fault.
    func error(_ reason: DataError.Reason, at offset: Int, examinedBits: Int = 0) -> DataError {
        if position * 8 - count + examinedBits > input.count * 8 {
            return DataError(.truncated(expected: "more DEFLATE data"), path: path, offset: input.count)
        }
        return DataError(reason, path: path, offset: offset)
    }
}

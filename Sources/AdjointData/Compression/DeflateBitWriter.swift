/// Writes DEFLATE's bit stream: values least significant bit first, packed into bytes from
/// their lowest bit.
struct DeflateBitWriter {
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

    /// Pads with zero bits to a byte boundary and returns the bytes.
    mutating func finish() -> [UInt8] {
        if count > 0 { write(0, bits: 8 - count) }
        return bytes
    }
}

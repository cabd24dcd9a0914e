/// A growable byte buffer for decompressed output, written through its raw pointer.
///
/// Decoders write several bytes per step and check capacity once per step, not per byte, so
/// they need a plain pointer with guaranteed room rather than `Array.append`. The capacity
/// never grows past `maximumCapacity`, the output limit plus the decoder's slack, so hostile
/// input cannot make the buffer double its way past the limit.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// The most the storage may grow to.
    let maximumCapacity: Int
    /// Bytes written so far; the decoder sets it when it hands control back.
    var count = 0

    /// Room for `capacity` bytes to start with, for at most `limit` bytes of output.
    init(capacity: Int, limit: Int = .max) {
        let (padded, overflow) = limit.addingReportingOverflow(ByteBuffer.slack)
        maximumCapacity = overflow ? .max : padded
        self.capacity = min(max(capacity, 4096), maximumCapacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// What the inflater may write past the last byte it keeps: a longest match (258) copied
    /// in 8-byte steps.
    static let slack = 258 + 8

    /// Makes room for `extra` bytes after `count`, moving the storage if it must grow.
    func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        newCapacity = max(min(newCapacity, maximumCapacity), count + extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// The bytes `range` of what was written.
    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// A copy of everything written.
    func toArray() -> [UInt8] { Array(bytes(0..<count)) }
}

/// A 64-bit checksum of exact bit patterns, to check cheaply that processes hold identical
/// parameters or data: equal values give equal checksums, and any changed bit almost surely
/// changes it. Not a cryptographic hash.
///
/// ```swift
/// var fingerprint = Fingerprint()
/// fingerprint.add(model.parameters.map(\.value))
/// print(fingerprint.value)
/// ```
public struct Fingerprint: Sendable, Equatable {
    /// The checksum so far.
    ///
    /// ```swift excerpt
    /// let checksums = try world.gather([fingerprint.value])   // one per rank
    /// ```
    public private(set) var value: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// An empty fingerprint.
    ///
    /// ```swift
    /// var fingerprint = Fingerprint()
    /// ```
    public init() {}

    /// Mixes in one word (a multiply-xorshift step, as in SplitMix64, so word order matters).
    ///
    /// ```swift
    /// fingerprint.add(word: UInt64(dataset.count))
    /// ```
    public mutating func add(word: UInt64) {
        var z = (value ^ word) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 31)) &* 0x94D0_49BB_1331_11EB
        value = z ^ (z >> 29)
    }

    /// Mixes in the shape and the bytes of each tensor, in order.
    ///
    /// ```swift
    /// fingerprint.add(model.parameters.map(\.value))
    /// ```
    public mutating func add<S: TensorScalar>(_ tensors: [Tensor<S>]) {
        for tensor in tensors {
            for d in tensor.shape { add(word: UInt64(d)) }
            tensor.withUnsafeBufferPointer { add(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// Mixes in raw bytes, eight at a time (the last word padded with zeros) and their count.
    ///
    /// ```swift
    /// [UInt8](repeating: 7, count: 10).withUnsafeBytes { fingerprint.add(bytes: $0) }
    /// ```
    public mutating func add(bytes: UnsafeRawBufferPointer) {
        add(word: UInt64(bytes.count))
        let words = bytes.count / 8
        for i in 0..<words { add(word: bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)) }
        var tail: UInt64 = 0
        for (k, byte) in bytes[(8 * words)...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(k)) }
        if bytes.count % 8 != 0 { add(word: tail) }
    }
}

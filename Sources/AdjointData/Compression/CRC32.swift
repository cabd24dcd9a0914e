/// The CRC-32 of gzip, zip and PNG (ISO 3309, reflected polynomial 0xEDB88320).
///
/// Uses slicing-by-8 (eight lookup tables, eight bytes per step) because gzip checks the
/// CRC of every decompressed byte, tens of megabytes for a data set.
///
/// ```swift
/// var crc = CRC32()
/// crc.update(Array("123456789".utf8))
/// crc.value   // 0xCBF43926
/// ```
public struct CRC32: Sendable {
    /// The checksum of the bytes so far.
    ///
    /// ```swift
    /// var crc = CRC32(); crc.update(Array("123456789".utf8))
    /// crc.value   // 0xCBF43926
    /// ```
    public var value: UInt32 { ~state }
    private var state: UInt32 = 0xFFFF_FFFF

    /// The checksum of no bytes, ready for `update`.
    ///
    /// ```swift
    /// var crc = CRC32()   // crc.value == 0
    /// ```
    public init() {}

    /// Adds `bytes` to the checksum.
    ///
    /// ```swift
    /// var crc = CRC32()
    /// [UInt8]("abc".utf8).withUnsafeBufferPointer { crc.update($0) }
    /// ```
    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard var p = bytes.baseAddress else { return }
        var remaining = bytes.count
        var crc = state
        CRC32.tables.withUnsafeBufferPointer { t in
            while remaining >= 8 {
                let lo = crc ^ UInt32(littleEndianBytesAt: p)
                let hi = UInt32(littleEndianBytesAt: p + 4)
                crc = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                p += 8
                remaining -= 8
            }
            while remaining > 0 {
                crc = t[Int((crc ^ UInt32(p.pointee)) & 0xFF)] ^ (crc >> 8)
                p += 1
                remaining -= 1
            }
        }
        state = crc
    }

    /// Adds `bytes` to the checksum.
    ///
    /// ```swift
    /// var crc = CRC32()
    /// crc.update([0x61, 0x62, 0x63])
    /// ```
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { update($0) }
    }

    /// The CRC-32 of `bytes`.
    ///
    /// ```swift
    /// CRC32.checksum(Array("abc".utf8))   // 0x352441C2
    /// ```
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// Table `k` maps a byte to its CRC contribution when followed by `k` more bytes.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[n] = c
        }
        for k in 1..<8 {
            for n in 0..<256 {
                let previous = t[(k - 1) * 256 + n]
                t[k * 256 + n] = t[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return t
    }()
}

extension UInt32 {
    /// The four bytes at `p`, least significant first, read without alignment.
    @inline(__always)
    init(littleEndianBytesAt p: UnsafePointer<UInt8>) {
        self = UInt32(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt32.self))
    }
}

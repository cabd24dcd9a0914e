/// The bytes of a ZIP archive of stored or DEFLATE members, as `np.savez` and
/// `np.savez_compressed` write them. Members are dated 1980-01-01 00:00, the earliest ZIP date,
/// so the same members always make the same archive.
enum ZipWriter {
    /// An archive of `members` in order, compressed with ``Deflate`` when `compressed`; stops
    /// with a message when the archive would need ZIP64 (a member or the whole over 4 GiB, or
    /// more than 65535 members).
    static func archive(_ members: [(name: String, data: [UInt8])], compressed: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for (name, data) in members {
            let offset = out.count
            let stored = compressed ? Deflate.compress(data) : data
            let fields = commonFields(name: name, data: data, stored: stored, method: compressed ? 8 : 0)
            out += le32(ZipArchive.localSignature) + fields + le16(0) + Array(name.utf8) + stored
            // Made by and needed: version 2.0; then no comment, disk 0, no attributes.
            directory += le32(ZipArchive.centralSignature) + le16(20) + fields + le16(0) + le16(0) + le16(0) + le16(0)
                + le32(0) + le32(checked(offset)) + Array(name.utf8)
        }
        if members.count > 0xFFFE { fatalError("NPZ.write: \(members.count) members, more than a ZIP without ZIP64 holds") }
        let directoryStart = out.count
        out += directory
        return out + le32(ZipArchive.endSignature) + le16(0) + le16(0) + le16(members.count) + le16(members.count)
            + le32(checked(directory.count)) + le32(checked(directoryStart)) + le16(0)
    }

    /// The fields local headers and central entries share, from "version needed" to the name
    /// length: version 2.0, no flags, the method, the date, CRC-32, sizes, name length.
    private static func commonFields(name: String, data: [UInt8], stored: [UInt8], method: Int) -> [UInt8] {
        le16(20) + le16(0) + le16(method) + le16(0) + le16(0x21) + le32(Int(CRC32.checksum(data)))
            + le32(checked(stored.count)) + le32(checked(data.count)) + le16(name.utf8.count)
    }

    private static func checked(_ value: Int) -> Int {
        if value >= 0xFFFF_FFFF { fatalError("NPZ.write: \(value) bytes, more than a ZIP without ZIP64 holds") }
        return value
    }

    private static func le16(_ value: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)] }
    private static func le32(_ value: Int) -> [UInt8] { le16(value) + le16(value >> 16) }
}

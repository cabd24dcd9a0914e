/// One member of a ZIP archive, as its central directory entry describes it.
struct ZipEntry {
    let name: String
    /// 0 (stored) or 8 (DEFLATE).
    let method: Int
    let crc: UInt32
    let compressedSize: Int
    let uncompressedSize: Int
    let localHeaderOffset: Int
    /// Where its central directory entry starts, for errors.
    let entryOffset: Int
}

/// Reading ZIP archives held in memory (PKWARE APPNOTE): the end record, the central directory
/// and each member's local header, with stored and DEFLATE members checked against their CRC-32.
///
/// Every size and offset is checked against the archive before it is used, and a member is
/// decompressed to no more than its entry announces; ZIP64 archives (over 4 GiB or 65535
/// members), encryption and multi-disk archives are refused as unsupported. Errors name `path`
/// and the byte of the archive at fault.
enum ZipArchive {
    static let endSignature = 0x0605_4B50
    static let centralSignature = 0x0201_4B50
    static let localSignature = 0x0403_4B50
    static let endLength = 22, centralLength = 46, localLength = 30

    /// The members listed in the central directory of the archive `bytes`, in order, and
    /// where that directory starts.
    static func entries(_ bytes: [UInt8], path: String) throws(DataError) -> (entries: [ZipEntry], directoryStart: Int) {
        let end = try endRecord(bytes, path: path)
        let reader = LittleEndianReader(bytes: bytes, path: path)
        let count = reader.u16(end + 10), size = reader.u32(end + 12), start = reader.u32(end + 16)
        guard count != 0xFFFF, size != 0xFFFF_FFFF, start != 0xFFFF_FFFF else {
            throw DataError(.unsupported("a ZIP64 archive (over 4 GiB or 65535 members)"), path: path, offset: end + 10)
        }
        guard reader.u16(end + 4) == 0, reader.u16(end + 6) == 0, reader.u16(end + 8) == count else {
            throw DataError(.unsupported("a ZIP archive split over several disks"), path: path, offset: end + 4)
        }
        guard start + size <= end else {
            throw DataError(.badHeader("the central directory at byte \(start), \(size) bytes long, passes the end record at byte \(end)"),
                            path: path, offset: end + 12)
        }
        var entries: [ZipEntry] = []
        var position = start
        for _ in 0..<count {
            let entry = try centralEntry(at: position, before: start + size, reader: reader)
            entries.append(entry)
            position = entry.entryOffset + centralLength + reader.u16(position + 28) + reader.u16(position + 30) + reader.u16(position + 32)
        }
        guard position == start + size else {
            throw DataError(.badHeader("\(count) central directory entries end at byte \(position), not \(start + size)"),
                            path: path, offset: position)
        }
        return (entries, start)
    }

    /// The offset of the end of central directory record: the last signature whose comment
    /// ends exactly at the end of the archive.
    private static func endRecord(_ bytes: [UInt8], path: String) throws(DataError) -> Int {
        let reader = LittleEndianReader(bytes: bytes, path: path)
        guard bytes.count >= endLength else {
            throw DataError(.truncated(expected: "a 22-byte ZIP end of central directory record"), path: path, offset: bytes.count)
        }
        // The comment after the record is at most 65535 bytes.
        for offset in stride(from: bytes.count - endLength, through: max(0, bytes.count - endLength - 0xFFFF), by: -1)
        where reader.u32(offset) == endSignature && offset + endLength + reader.u16(offset + 20) == bytes.count {
            return offset
        }
        if bytes.count >= 4, reader.u32(0) != localSignature, reader.u32(0) != endSignature {
            throw DataError(.badMagic(found: Array(bytes[0..<4]), expected: [0x50, 0x4B, 0x03, 0x04]), path: path, offset: 0)
        }
        throw DataError(.truncated(expected: "a ZIP end of central directory record"), path: path, offset: bytes.count)
    }

    /// The central directory entry at `offset`, which must end by `limit`.
    private static func centralEntry(at offset: Int, before limit: Int, reader: LittleEndianReader) throws(DataError) -> ZipEntry {
        let path = reader.path
        guard offset + centralLength <= limit else {
            throw DataError(.truncated(expected: "a 46-byte central directory entry"), path: path, offset: offset)
        }
        guard reader.u32(offset) == centralSignature else {
            throw DataError(.badMagic(found: Array(reader.bytes[offset..<(offset + 4)]), expected: [0x50, 0x4B, 0x01, 0x02]),
                            path: path, offset: offset)
        }
        let flags = reader.u16(offset + 8), method = reader.u16(offset + 10)
        let nameLength = reader.u16(offset + 28)
        let entryEnd = offset + centralLength + nameLength + reader.u16(offset + 30) + reader.u16(offset + 32)
        guard entryEnd <= limit else {
            throw DataError(.truncated(expected: "the name, extra field and comment of a central directory entry"), path: path, offset: limit)
        }
        guard flags & 1 == 0 else { throw DataError(.unsupported("an encrypted ZIP member"), path: path, offset: offset + 8) }
        guard method == 0 || method == 8 else {
            throw DataError(.unsupported("ZIP compression method \(method) (only 0, stored, and 8, DEFLATE)"), path: path, offset: offset + 10)
        }
        let compressed = reader.u32(offset + 20), uncompressed = reader.u32(offset + 24), local = reader.u32(offset + 42)
        guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
            throw DataError(.unsupported("ZIP64 member sizes (a member over 4 GiB)"), path: path, offset: offset + 20)
        }
        let name = String(decoding: reader.bytes[(offset + centralLength)..<(offset + centralLength + nameLength)], as: UTF8.self)
        return ZipEntry(name: name, method: method, crc: UInt32(reader.u32(offset + 16)), compressedSize: compressed,
                        uncompressedSize: uncompressed, localHeaderOffset: local, entryOffset: offset)
    }
}

/// Little-endian fields of a byte array whose bounds the caller has checked.
struct LittleEndianReader {
    let bytes: [UInt8]
    let path: String

    func u16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
    func u32(_ offset: Int) -> Int { u16(offset) | u16(offset + 2) << 16 }
}

extension ZipArchive {
    /// The data of `entry` in the archive `bytes`, decompressed and checked against the
    /// entry's sizes and CRC-32. The local header must agree with the entry, and the data must
    /// lie before the central directory at `directoryStart`.
    static func contents(of entry: ZipEntry, in bytes: [UInt8], directoryStart: Int,
                         path: String) throws(DataError) -> [UInt8] {
        let reader = LittleEndianReader(bytes: bytes, path: path)
        let local = entry.localHeaderOffset
        guard local + localLength <= directoryStart else {
            throw DataError(.badHeader("member '\(entry.name)' has its local header at byte \(local), past the central directory at \(directoryStart)"),
                            path: path, offset: entry.entryOffset + 42)
        }
        guard reader.u32(local) == localSignature else {
            throw DataError(.badMagic(found: Array(bytes[local..<(local + 4)]), expected: [0x50, 0x4B, 0x03, 0x04]), path: path, offset: local)
        }
        let nameLength = reader.u16(local + 26)
        let dataStart = local + localLength + nameLength + reader.u16(local + 28)
        let (dataEnd, overflow) = dataStart.addingReportingOverflow(entry.compressedSize)
        guard !overflow, dataEnd <= directoryStart else {
            throw DataError(.badHeader("member '\(entry.name)' claims \(entry.compressedSize) bytes from byte \(dataStart), "
                                       + "past the central directory at \(directoryStart)"), path: path, offset: entry.entryOffset + 20)
        }
        guard reader.u16(local + 8) == entry.method,
              bytes[(local + localLength)..<(local + localLength + nameLength)].elementsEqual(entry.name.utf8) else {
            throw DataError(.mismatch("the local header of member '\(entry.name)' disagrees with its central directory entry on the method or name"),
                            path: path, offset: local)
        }
        let data = try entry.method == 0 ? stored(entry, bytes[dataStart..<dataEnd], path: path)
                                         : inflated(entry, bytes, from: dataStart, to: dataEnd, path: path)
        let computed = CRC32.checksum(data)
        guard computed == entry.crc else {
            throw DataError(.badChecksum(stored: entry.crc, computed: computed), path: path, offset: entry.entryOffset + 16)
        }
        return data
    }

    private static func stored(_ entry: ZipEntry, _ data: ArraySlice<UInt8>, path: String) throws(DataError) -> [UInt8] {
        guard entry.uncompressedSize == entry.compressedSize else {
            throw DataError(.badLength(stored: UInt32(entry.uncompressedSize), actual: UInt32(entry.compressedSize)),
                            path: path, offset: entry.entryOffset + 24)
        }
        return Array(data)
    }

    /// The DEFLATE data `bytes[start..<end]`, decoded to no more than the entry's size; offsets
    /// in errors count bytes of the archive.
    private static func inflated(_ entry: ZipEntry, _ bytes: [UInt8], from start: Int, to end: Int,
                                 path: String) throws(DataError) -> [UInt8] {
        let size = entry.uncompressedSize
        // Refused before decoding anything: no DEFLATE stream this short can produce that much.
        let most = bytesNeeded([(entry.compressedSize, Gzip.maximumRatio)])
        guard size <= most else {
            throw DataError(.badHeader("member '\(entry.name)' claims \(size) bytes, but its \(entry.compressedSize) compressed bytes "
                                       + "decompress to at most \(most)"), path: path, offset: entry.entryOffset + 24)
        }
        try DataFile.checkMemory(size, for: "member '\(entry.name)'", path: path, offset: entry.entryOffset + 24)
        let output = ByteBuffer(capacity: size, limit: size)
        let stop = try bytes.withUnsafeBufferPointer { all throws(DataError) in
            try Inflater().inflate(UnsafeBufferPointer(rebasing: all[..<end]), from: start, into: output,
                                   limit: OutputLimit(bytes: size, source: "its ZIP entry announces"), path: path)
        }
        guard stop == end else { throw DataError(.trailingBytes(count: end - stop), path: path, offset: stop) }
        guard output.count == size else {
            throw DataError(.badLength(stored: UInt32(size), actual: UInt32(output.count)), path: path, offset: entry.entryOffset + 24)
        }
        return output.toArray()
    }
}

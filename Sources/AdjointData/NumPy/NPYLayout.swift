/// Where a `.npy` file's parts are, from its preamble and header.
struct NPYLayout {
    let header: NumPyHeader
    let path: String
    let decompressed: Bool
    /// The byte where the elements begin.
    let dataStart: Int
    /// The number of elements.
    let count: Int
    /// The length the file must have.
    let fileSize: Int

    /// Parses the preamble and header at the start of `bytes`; only they need be there.
    init(_ bytes: [UInt8], path: String, decompressed: Bool) throws(DataError) {
        func failure(_ reason: DataError.Reason, at offset: Int) -> DataError {
            DataError(reason, path: path, offset: offset, inDecompressedData: decompressed)
        }
        let found = Array(bytes.prefix(NPY.magic.count))
        guard found == NPY.magic else {
            if NPY.magic.starts(with: found) { throw failure(.truncated(expected: "the 6-byte NumPy magic"), at: found.count) }
            throw failure(.badMagic(found: found, expected: NPY.magic), at: 0)
        }
        guard bytes.count >= 10 else { throw failure(.truncated(expected: "the .npy version and header length"), at: bytes.count) }
        let (major, minor) = (bytes[6], bytes[7])
        guard (1...3).contains(major), minor == 0 else {
            throw failure(.unsupported(".npy version \(major).\(minor) (1.0, 2.0 and 3.0 exist)"), at: 6)
        }
        let lengthBytes = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthBytes else { throw failure(.truncated(expected: "the header length"), at: bytes.count) }
        let headerLength = bytes[8..<(8 + lengthBytes)].reversed().reduce(0) { $0 << 8 | Int($1) }
        let headerStart = 8 + lengthBytes
        guard headerLength <= NPY.maximumHeaderLength else {
            throw failure(.badHeader("header length \(headerLength) is more than \(NPY.maximumHeaderLength), NumPy's limit"), at: 8)
        }
        guard bytes.count >= headerStart + headerLength else {
            throw failure(.truncated(expected: "a \(headerLength)-byte header"), at: bytes.count)
        }
        var parser = NumPyHeaderParser(Array(bytes[headerStart..<(headerStart + headerLength)]), start: headerStart,
                                       path: path, decompressed: decompressed)
        header = try parser.parse()
        (self.path, self.decompressed, dataStart) = (path, decompressed, headerStart + headerLength)
        // Sizes other than 0 must multiply without overflow even when one is 0, as a tensor's strides do.
        var product = 1
        for size in header.shape {
            let (next, overflow) = product.multipliedReportingOverflow(by: max(size, 1))
            guard !overflow else { throw failure(.badHeader("the shape \(header.shape) overflows the element count"), at: headerStart) }
            product = next
        }
        count = header.shape.contains(0) ? 0 : product
        let size = bytesNeeded([(1, dataStart), (count, header.dtype.size)])
        guard size != .max else { throw failure(.badHeader("the shape \(header.shape) overflows the file size"), at: headerStart) }
        fileSize = size
        try DataFile.checkMemory(bytesNeeded([(1, fileSize), (count, MemoryLayout<Int>.size * 2)]),
                                 for: "the shape \(header.shape) that the NumPy header announces", path: path,
                                 offset: headerStart, inDecompressedData: decompressed)
    }

    /// Throws unless `length` is exactly the size the header implies.
    func checkLength(_ length: Int) throws(DataError) {
        guard fileSize <= length else {
            throw DataError(.truncated(expected: "\(count) elements of \(header.dtype) for shape \(header.shape) from byte \(dataStart)"),
                            path: path, offset: length, inDecompressedData: decompressed)
        }
        guard fileSize == length else {
            throw DataError(.trailingBytes(count: length - fileSize), path: path, offset: fileSize, inDecompressedData: decompressed)
        }
    }

    /// The array in the file `bytes`, whose length has been checked.
    func array(from bytes: [UInt8]) throws(DataError) -> NumPyArray {
        let storage = try NumPyElements.decode(bytes, from: dataStart, count: count, dtype: header.dtype, path: path,
                                               decompressed: decompressed)
        return NumPyArray(shape: header.shape, storage: header.fortranOrder ? storage.rowMajor(fromFortranOrder: header.shape) : storage,
                          source: path)
    }
}

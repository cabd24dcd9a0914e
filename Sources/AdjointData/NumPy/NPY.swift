import Foundation

/// NumPy's `.npy` format, as `np.save` writes it and `np.load` reads it: a magic string, a
/// version, a header dict (dtype, order, shape) and the packed elements.
///
/// Reads versions 1.0, 2.0 and 3.0, the dtypes of ``NumPyDType`` in either byte order, and
/// C or Fortran order (returned row-major). Every failure is a ``DataError`` naming the file
/// and byte; the header is checked against the file's size and the memory limit before the
/// data is read. Writes version 1.0, little-endian, C order, as `np.save` does.
///
/// ```swift
/// let bytes = NPY.encode(NumPyArray(Tensor<Float>([1, 2, 3, 4], shape: [2, 2])))   // NPY.write(_:to:) saves them
/// let weights = try NPY.decode(bytes).tensor(as: Float.self)                      // shape [2, 2]
/// ```
public enum NPY {
    /// The six bytes every `.npy` file starts with.
    public static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The longest header read, NumPy's own default limit (`max_header_size`).
    public static let maximumHeaderLength = 10_000

    /// Reads the `.npy` file at `path`.
    public static func read(_ path: String) throws(DataError) -> NumPyArray {
        let expected = "a NumPy .npy file"
        let (prefix, fileSize) = try DataFile.prefix(of: path, count: 12 + maximumHeaderLength, expected: expected)
        let layout = try NPYLayout(prefix, path: path, decompressed: false)
        try layout.checkLength(fileSize)
        let bytes = try DataFile.read(path, expected: expected, maximumSize: layout.fileSize,
                                      limitSource: "its NumPy header announces")
        try layout.checkLength(bytes.count)
        return try layout.array(from: bytes)
    }

    /// Decodes the bytes of a `.npy` file; `path` names it in errors, whose offsets count the
    /// decompressed data when `decompressed` is true.
    public static func decode(_ bytes: [UInt8], path: String = "<memory>",
                              decompressed: Bool = false) throws(DataError) -> NumPyArray {
        let layout = try NPYLayout(bytes, path: path, decompressed: decompressed)
        try layout.checkLength(bytes.count)
        return try layout.array(from: bytes)
    }

    /// The bytes of a `.npy` file holding `array`.
    public static func encode(_ array: NumPyArray) -> [UInt8] {
        let dtype = NumPyElements.dtype(of: array.storage)
        let shape = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var header = Array("{'descr': '\(dtype)', 'fortran_order': False, 'shape': \(shape), }".utf8)
        // NumPy pads the 10-byte preamble and the header to a multiple of 64 bytes, so that the
        // data is aligned.
        let padded = (10 + header.count + 1 + 63) / 64 * 64 - 10
        if padded > maximumHeaderLength {
            fatalError("NPY.encode: shape \(array.shape) needs a header longer than the \(maximumHeaderLength) bytes NumPy reads")
        }
        header += [UInt8](repeating: UInt8(ascii: " "), count: padded - header.count - 1) + [UInt8(ascii: "\n")]
        return magic + [1, 0, UInt8(padded & 0xFF), UInt8(padded >> 8)] + header + NumPyElements.encode(array.storage)
    }

    /// Writes `array` to a `.npy` file at `path`, replacing it atomically.
    public static func write(_ array: NumPyArray, to path: String) throws {
        try AtomicFile.write(Data(encode(array)), to: URL(fileURLWithPath: path))
    }
}

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

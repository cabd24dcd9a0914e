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

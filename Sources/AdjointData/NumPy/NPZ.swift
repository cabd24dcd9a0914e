import Foundation

/// NumPy's `.npz` format, as `np.savez` and `np.savez_compressed` write it: a ZIP archive of
/// `.npy` files, one per array, the member `x.npy` holding the array named `x`.
///
/// Reads stored and DEFLATE members, checking each against its CRC-32 and sizes; writes
/// either. ZIP errors name the archive and its byte; errors inside a member name
/// `"<archive> member <name>"` and count bytes of the member's (decompressed) data.
///
/// ```swift
/// let archive = NPZ.encode(["x": NumPyArray(Tensor<Float>([1, 2], shape: [2, 1])),
///                           "y": NumPyArray(indices: [0, 1], shape: [2])])   // NPZ.write(_:to:) saves it
/// let labels = try NPZ.decode(archive)["y"]!.indices().scalars             // [0, 1]
/// ```
public enum NPZ {
    /// The arrays of the `.npz` file at `path`, by name.
    public static func read(_ path: String) throws(DataError) -> [String: NumPyArray] {
        try decode(try DataFile.read(path, expected: "a NumPy .npz file"), path: path)
    }

    /// The arrays of the `.npz` archive `bytes`, by name; `path` names it in errors.
    public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws(DataError) -> [String: NumPyArray] {
        let (entries, directoryStart) = try ZipArchive.entries(bytes, path: path)
        // Members may share compressed data, so their total, not each one's size, bounds memory.
        try DataFile.checkMemory(bytesNeeded([(1, bytes.count)] + entries.map { (1, $0.uncompressedSize) }),
                                 for: "the \(entries.count) members the ZIP central directory lists", path: path,
                                 offset: directoryStart)
        var arrays: [String: NumPyArray] = [:]
        for entry in entries {
            guard entry.name.hasSuffix(".npy") else {
                throw DataError(.unsupported("member '\(entry.name)' is not a .npy array"), path: path, offset: entry.entryOffset + 46)
            }
            let key = String(entry.name.dropLast(4))
            guard arrays[key] == nil else {
                throw DataError(.mismatch("member '\(entry.name)' appears twice"), path: path, offset: entry.entryOffset)
            }
            let data = try ZipArchive.contents(of: entry, in: bytes, directoryStart: directoryStart, path: path)
            arrays[key] = try NPY.decode(data, path: "\(path) member \(entry.name)", decompressed: entry.method != 0)
        }
        return arrays
    }

    /// The bytes of a `.npz` archive of `arrays` in the order of their names, stored as
    /// `np.savez` writes them or, when `compressed`, deflated as `np.savez_compressed` does.
    public static func encode(_ arrays: [String: NumPyArray], compressed: Bool = false) -> [UInt8] {
        ZipWriter.archive(arrays.sorted { $0.key < $1.key }.map { ("\($0.key).npy", NPY.encode($0.value)) },
                          compressed: compressed)
    }

    /// Writes `arrays` to a `.npz` file at `path`, replacing it atomically; see ``encode(_:compressed:)``.
    public static func write(_ arrays: [String: NumPyArray], to path: String, compressed: Bool = false) throws {
        try AtomicFile.write(Data(encode(arrays, compressed: compressed)), to: URL(fileURLWithPath: path))
    }
}

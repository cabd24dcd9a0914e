import Foundation

extension SafeTensors {
    /// Reads and validates a whole safetensors file, every tensor in memory.
    ///
    /// Everything is checked before anything is returned: what kind of file it is, the header
    /// length, the JSON, each dtype (only `F32` and `F64`), that each tensor's byte range fits
    /// the data section and its shape, that the ranges neither overlap nor leave holes, and
    /// the checksums when the file has them. Any problem throws a ``SafeTensorsError`` naming
    /// the file, the tensor and the numbers involved. For a large file of which only some
    /// tensors are needed, ``open(_:)`` reads them one at a time.
    ///
    /// ```swift
    /// let file = try SafeTensors.read(from: URL(fileURLWithPath: "best.safetensors"))
    /// print(file.names, file.metadata["epoch"] ?? "-")
    /// ```
    public static func read(from url: URL) throws -> SafeTensorsFile {
        let reader = try open(url)
        return SafeTensorsFile(path: reader.path, metadata: reader.metadata,
                               tensors: try reader.names.map { (name: $0, tensor: try reader.stored(named: $0)) })
    }

    /// Parses a file's bytes; `file` names it in errors.
    static func decode(_ data: Data, file: String) throws -> SafeTensorsFile {
        try data.withUnsafeBytes { bytes in
            func fail(_ problem: SafeTensorsError.Problem) -> SafeTensorsError { SafeTensorsError(file: file, problem: problem) }
            guard bytes.count >= 8 else { throw fail(.tooShort(fileSize: bytes.count)) }
            let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
            let layout = try SafeTensorsLayout(headerLength: headerLength, fileSize: bytes.count, file: file) { range in
                Data(bytes[range])
            }
            let tensors = try layout.entries.map { entry in
                (name: entry.name, tensor: try layout.decode(entry, UnsafeRawBufferPointer(
                    rebasing: bytes[(layout.dataStart + entry.begin)..<(layout.dataStart + entry.end)])))
            }
            return SafeTensorsFile(path: file, metadata: layout.metadata, tensors: tensors)
        }
    }
}

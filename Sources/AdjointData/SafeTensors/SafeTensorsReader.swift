import Foundation

extension SafeTensors {
    /// Opens a safetensors file to read its tensors one at a time, each only when asked for.
    ///
    /// Only the header is read here, and validated as ``read(from:)`` validates it: the file
    /// must be a regular file of at most ``SafeTensorsReader/maximumFileSize`` bytes, the
    /// header at most 100 MB, and every tensor's byte range inside the file. A tensor's bytes
    /// are read (and checked against its checksum, when the file has checksums) by
    /// ``SafeTensorsReader/tensor(named:as:shape:)``, after its dtype and shape have been
    /// compared with the caller's; tensors nobody asks for are never read.
    ///
    /// ```swift
    /// let file = try SafeTensors.open(URL(fileURLWithPath: "runs/a/model.safetensors"))
    /// let w = try SafeTensors.open(url).tensor(named: "layers.0.weight", as: Float.self, shape: [784, 500])
    /// ```
    public static func open(_ url: URL) throws -> SafeTensorsReader { try SafeTensorsReader(url: url) }

    /// Opens a safetensors file as ``open(_:)`` does, also accepting the other dtypes PyTorch
    /// writes (`F16`, `BF16`, `I64`, `I32`, `I16`, `I8`, `U8`, `BOOL`), whose tensors
    /// ``SafeTensorsReader/widenedTensor(named:)`` reads as `Double`, every value exactly.
    ///
    /// ```swift
    /// let url = URL(fileURLWithPath: "model.safetensors")
    /// let file = try SafeTensors.openWidening(url)
    /// for name in file.names { print(name, file.dtype(of: name) ?? "-", file.shape(of: name) ?? []) }
    /// ```
    public static func openWidening(_ url: URL) throws -> SafeTensorsReader {
        try SafeTensorsReader(url: url, elementSize: WidenedDType.elementSize(ofDType:))
    }
}

/// An open safetensors file whose header has been read and checked: its metadata and tensor
/// names at hand, each tensor read from disk when asked for. Made by ``SafeTensors/open(_:)``.
///
/// ```swift
/// let file = try SafeTensors.open(url)
/// if file.contains("best/layers.0.weight") { print("has a best model") }
/// let epoch = file.metadata["trainer.epoch"] ?? "-"
/// ```
public final class SafeTensorsReader {
    /// The largest file accepted, far beyond any model this CPU library trains: a larger
    /// "checkpoint" is a sparse file or a mistake, and its tensors are refused before reading.
    public static let maximumFileSize = 1 << 36

    /// The path the file was opened at, used in error messages.
    ///
    /// ```swift
    /// try SafeTensors.open(URL(fileURLWithPath: "runs/a/model.safetensors")).path   // "runs/a/model.safetensors"
    /// ```
    public let path: String
    /// The `__metadata__` strings (empty when the file has none).
    ///
    /// ```swift
    /// let settings = try SafeTensors.open(url).metadata["run"]
    /// ```
    public var metadata: [String: String] { layout.metadata }
    /// The tensor names in file order.
    ///
    /// ```swift
    /// let slots = try SafeTensors.open(url).names.filter { $0.hasPrefix("optimizer/") }
    /// ```
    public var names: [String] { layout.entries.map(\.name) }

    private let layout: SafeTensorsLayout
    private let positions: [String: Int]
    private let file: RegularFile

    init(url: URL, elementSize: (String) -> Int? = StoredTensor.elementSize(ofDType:)) throws {
        path = url.path
        do {
            file = try RegularFile(path: path, expected: "a checkpoint")
        } catch {
            throw Self.safeTensorsError(error, file: url.path)
        }
        let (file, size) = (file, file.size)
        func fail(_ problem: SafeTensorsError.Problem) -> SafeTensorsError { SafeTensorsError(file: url.path, problem: problem) }
        func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
            try Self.read(file, into: buffer, at: offset, path: url.path)
        }
        do {
            guard size <= Self.maximumFileSize else { throw fail(.tooLarge(fileSize: size, limit: Self.maximumFileSize)) }
            guard size >= 8 else { throw fail(.tooShort(fileSize: size)) }
            var length = Data(count: 8)
            try length.withUnsafeMutableBytes { try read(into: $0, at: 0) }
            let headerLength = length.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            layout = try SafeTensorsLayout(headerLength: headerLength, fileSize: size, file: url.path,
                                           elementSize: elementSize) { range in
                var header = Data(count: range.count)
                try header.withUnsafeMutableBytes { try read(into: $0, at: range.lowerBound) }
                return header
            }
        } catch {
            file.close()
            throw error
        }
        positions = Dictionary(uniqueKeysWithValues: layout.entries.enumerated().map { ($1.name, $0) })
    }

    deinit { file.close() }

    /// Whether the file has a tensor called `name` (nothing is read).
    public func contains(_ name: String) -> Bool { positions[name] != nil }

    /// The tensor called `name` as a `Tensor<S>`: its dtype must be `S.dtypeName` and, if
    /// given, its shape `shape`, both checked before any of its bytes is read.
    ///
    /// Throws ``SafeTensorsError`` when the name is missing, the dtype or shape differ, the
    /// bytes cannot be read, or they fail their checksum.
    ///
    /// ```swift
    /// let w = try file.tensor(named: "layers.0.weight", as: Float.self, shape: [784, 500])
    /// ```
    public func tensor<S: TensorScalar>(named name: String, as type: S.Type = S.self,
                                        shape: [Int]? = nil) throws -> Tensor<S> {
        let entry = try self.entry(name)
        guard entry.dtype == S.dtypeName else {
            throw SafeTensorsError(file: path, problem: .dtypeMismatch(tensor: name, expected: S.dtypeName, found: entry.dtype))
        }
        if let shape, shape != entry.shape {
            throw SafeTensorsError(file: path, problem: .shapeMismatch(tensor: name, expected: shape, found: entry.shape))
        }
        return try stored(named: name).tensor(as: S.self)!
    }

    /// The dtype of the tensor called `name` (`"F32"`, `"I64"`, ...), or nil without one.
    public func dtype(of name: String) -> String? { positions[name].map { layout.entries[$0].dtype } }

    /// The shape of the tensor called `name`, or nil without one.
    public func shape(of name: String) -> [Int]? { positions[name].map { layout.entries[$0].shape } }

    /// The tensor called `name` read now as `Double`, whatever its dtype: each value is exact
    /// (see ``SafeTensors/openWidening(_:)``). Throws ``SafeTensorsError`` when the name is
    /// missing, the bytes cannot be read, or they fail their checksum.
    public func widenedTensor(named name: String) throws -> Tensor<Double> {
        let entry = try self.entry(name)
        return try readBytes(of: entry) { try layout.decodeWidened(entry, $0) }
    }

    /// The tensor called `name` in its own dtype, read now.
    func stored(named name: String) throws -> StoredTensor {
        let entry = try self.entry(name)
        return try readBytes(of: entry) { try layout.decode(entry, $0) }
    }

    /// `decode` of the bytes of `entry`, read now.
    private func readBytes<T>(of entry: SafeTensorsLayout.Entry, _ decode: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        var bytes = Data(count: entry.end - entry.begin)
        return try bytes.withUnsafeMutableBytes { buffer in
            try Self.read(file, into: buffer, at: layout.dataStart + entry.begin, path: path)
            return try decode(UnsafeRawBufferPointer(buffer))
        }
    }

    private static func read(_ file: RegularFile, into buffer: UnsafeMutableRawBufferPointer, at offset: Int, path: String) throws {
        do { try file.read(into: buffer, at: offset) } catch { throw safeTensorsError(error, file: path) }
    }

    /// A checkpoint's file error in the checkpoint's terms: a special file named as what it
    /// is, anything else with the system's reason.
    private static func safeTensorsError(_ error: DataError, file: String) -> SafeTensorsError {
        switch error.reason {
        case .notARegularFile(let kind, _): SafeTensorsError(file: file, problem: .notAFile(kind: kind.name))
        case .missingFile: SafeTensorsError(file: file, problem: .unreadable(reason: systemErrorText(ENOENT)))
        case .unreadable(let reason): SafeTensorsError(file: file, problem: .unreadable(reason: reason))
        default: SafeTensorsError(file: file, problem: .unreadable(reason: "\(error)"))
        }
    }

    private func entry(_ name: String) throws -> SafeTensorsLayout.Entry {
        guard let position = positions[name] else {
            throw SafeTensorsError(file: path, problem: .missingTensor(name: name, available: names))
        }
        return layout.entries[position]
    }
}

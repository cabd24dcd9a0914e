/// A safetensors file could not be written or read, with the file and what is wrong where.
/// `Checkpoint` (AdjointTraining) passes it on inside its `CheckpointError`, with the same
/// message.
///
/// Reading validates the file's kind, size and header before returning anything, and each
/// tensor's bytes against its checksum when it is read, so a damaged or foreign file fails here
/// with a precise message instead of loading garbage weights.
///
/// ```swift
/// do {
///     let file = try SafeTensors.read(from: url)
///     let w = try file.tensor(named: "fc1_w", as: Float.self, shape: [784, 100])
/// } catch let error as SafeTensorsError {
///     print(error)   // checkpoint runs/a/best.safetensors: no tensor "fc1_w" (has: W1, b1)
/// }
/// ```
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Problem: Equatable, Sendable {
        /// The file could not be opened or read.
        case unreadable(reason: String)
        /// The file could not be written (the previous file is unchanged).
        case unwritable(reason: String)
        /// The file is shorter than the 8-byte header length.
        case tooShort(fileSize: Int)
        /// The header length points past the end of the file.
        case headerPastEnd(headerLength: UInt64, fileSize: Int)
        /// The header is longer than any reader should hold in memory.
        case headerTooLong(headerLength: Int, limit: Int)
        /// The path names a directory, a device, a FIFO or a socket (`kind` says which).
        case notAFile(kind: String)
        /// The file is larger than any checkpoint this library can train.
        case tooLarge(fileSize: Int, limit: Int)
        /// A tensor's bytes (or, with `tensor` nil, the metadata) differ from their stored CRC-32.
        case checksumMismatch(tensor: String?, stored: String, computed: String)
        /// The header is not the JSON the format requires.
        case malformedHeader(String)
        /// A tensor's dtype is not `F32` or `F64`.
        case unsupportedDType(tensor: String, dtype: String)
        /// A tensor's `data_offsets` are reversed or reach past the data section.
        case offsetsOutOfRange(tensor: String, begin: Int, end: Int, dataSize: Int)
        /// A tensor's byte range does not match its shape and dtype.
        case sizeMismatch(tensor: String, dtype: String, shape: [Int], expectedBytes: Int, actualBytes: Int)
        /// Two tensors share bytes.
        case overlapping(tensor: String, other: String)
        /// Bytes of the data section belong to no tensor (the format forbids holes).
        case unclaimedBytes(begin: Int, end: Int)
        /// A tensor name is empty, reserved or repeated (when writing).
        case invalidName(String, reason: String)
        /// The requested tensor is not in the file.
        case missingTensor(name: String, available: [String])
        /// The tensor has another shape than requested.
        case shapeMismatch(tensor: String, expected: [Int], found: [Int])
        /// The tensor has another dtype than requested.
        case dtypeMismatch(tensor: String, expected: String, found: String)
    }

    /// The checkpoint's path.
    public let file: String
    /// What is wrong.
    public let problem: Problem

    /// An error about `file`.
    ///
    /// ```swift
    /// throw SafeTensorsError(file: url.path, problem: .tooShort(fileSize: 3))
    /// ```
    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    /// The message: `checkpoint <file>:` followed by what is wrong, and where.
    ///
    /// ```swift
    /// print(SafeTensorsError(file: "a.safetensors", problem: .tooShort(fileSize: 3)))
    /// // checkpoint a.safetensors: file is 3 bytes, shorter than the 8-byte header length
    /// ```
    public var description: String { "checkpoint \(file): \(detail)" }

    private var detail: String {
        switch problem {
        case .unreadable(let reason):
            return "cannot read: \(reason)"
        case .unwritable(let reason):
            return "cannot write: \(reason)"
        case .tooShort(let size):
            return "file is \(size) bytes, shorter than the 8-byte header length"
        case .headerPastEnd(let length, let size):
            return "header length \(length) at bytes 0..<8 reaches past the end of the \(size)-byte file"
        case .headerTooLong(let length, let limit):
            return "header length \(length) at bytes 0..<8 is more than the \(limit) bytes a header may have"
        case .notAFile(let kind):
            return "it is \(kind), not a file"
        case .tooLarge(let size, let limit):
            return "the file is \(size) bytes, more than the \(limit) bytes (\(limit >> 30) GiB) a checkpoint may have"
        case .checksumMismatch(let tensor, let stored, let computed):
            return "\(tensor.map { "tensor \"\($0)\"" } ?? "the metadata") fails its checksum (CRC-32 \(computed) where \(stored) was stored): the file is damaged"
        case .malformedHeader(let reason):
            return "malformed JSON header: \(reason)"
        case .unsupportedDType(let tensor, let dtype):
            return "tensor \"\(tensor)\": dtype \"\(dtype)\" is not supported (only F32 and F64)"
        case .offsetsOutOfRange(let tensor, let begin, let end, let size):
            return "tensor \"\(tensor)\": data_offsets [\(begin), \(end)] are outside the \(size)-byte data section"
        case .sizeMismatch(let tensor, let dtype, let shape, let expected, let actual):
            return "tensor \"\(tensor)\": data_offsets hold \(actual) bytes, but \(dtype) shape \(shape) needs \(expected)"
        case .overlapping(let tensor, let other):
            return "tensors \"\(other)\" and \"\(tensor)\" overlap in the data section"
        case .unclaimedBytes(let begin, let end):
            return "data bytes \(begin)..<\(end) belong to no tensor"
        case .invalidName(let name, let reason):
            return "tensor name \"\(name)\" \(reason)"
        case .missingTensor(let name, let available):
            return "no tensor \"\(name)\" (has: \(available.isEmpty ? "none" : available.joined(separator: ", ")))"
        case .shapeMismatch(let tensor, let expected, let found):
            return "tensor \"\(tensor)\" has shape \(found), expected \(expected)"
        case .dtypeMismatch(let tensor, let expected, let found):
            return "tensor \"\(tensor)\" is \(found), expected \(expected)"
        }
    }
}

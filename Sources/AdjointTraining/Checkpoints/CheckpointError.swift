/// A checkpoint could not be written or read: its safetensors file is damaged or foreign
/// (`SafeTensorsError`, passed on with its message), or it holds values no run can produce.
///
/// ```swift
/// let error = CheckpointError(file: "a.safetensors", problem: .format(.tooShort(fileSize: 3)))
/// print(error)   // checkpoint a.safetensors: file is 3 bytes, shorter than the 8-byte header length
/// ```
public struct CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    ///
    /// ```swift
    /// let error = CheckpointError(file: "a.safetensors", problem: .invalidContent("tensor \"w\" holds a NaN"))
    /// if case .invalidContent(let reason) = error.problem { print(reason) }
    /// ```
    public enum Problem: Equatable, Sendable {
        /// The file is not a safetensors file that reads back as written.
        case format(SafeTensorsError.Problem)
        /// The file is well formed but holds values no run can produce (a NaN weight, a
        /// negative step count, an optimiser state that does not fit).
        case invalidContent(String)
    }

    /// The checkpoint's path.
    public let file: String
    /// What is wrong.
    public let problem: Problem

    /// An error about `file`.
    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    /// The checkpoint error of a safetensors file that failed to read or write.
    init(_ error: SafeTensorsError) {
        self.init(file: error.file, problem: .format(error.problem))
    }

    /// The message: `checkpoint <file>:` followed by what is wrong, and where.
    ///
    /// ```swift
    /// print(CheckpointError(file: "a.safetensors", problem: .invalidContent("metadata \"format\" is missing")))
    /// // checkpoint a.safetensors: metadata "format" is missing
    /// ```
    public var description: String {
        switch problem {
        case .format(let problem): SafeTensorsError(file: file, problem: problem).description
        case .invalidContent(let reason): "checkpoint \(file): \(reason)"
        }
    }
}

extension CheckpointError {
    /// Runs `body`, its safetensors errors turned into checkpoint errors.
    package static func passingOn<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SafeTensorsError { throw CheckpointError(error) }
    }
}

/// A PyTorch state_dict file could not be loaded into a model (or written): the file is
/// damaged or foreign, or its keys, shapes or dtypes do not fit the model. Nothing in the
/// model has changed when it is thrown.
///
/// ```swift
/// let error = PyTorchWeightsError(file: "lenet.safetensors", problem: .shapeMismatch(key: "fc1.weight", expected: [120, 400], found: [120, 256]))
/// print(error)   // PyTorch weights lenet.safetensors: "fc1.weight" has shape [120, 256], the model's is [120, 400]
/// ```
public struct PyTorchWeightsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Problem: Equatable, Sendable {
        /// The file is not a safetensors file that reads, or could not be written.
        case format(SafeTensorsError.Problem)
        /// With `strict`, keys of the model the file lacks and keys of the file the model lacks,
        /// as PyTorch's `load_state_dict` reports them (after the key mapping).
        case incompatibleKeys(missing: [String], unexpected: [String])
        /// A tensor's shape differs from the model's in PyTorch's layout.
        case shapeMismatch(key: String, expected: [Int], found: [Int])
        /// A tensor's dtype cannot be loaded into the model's scalars without loss (`F64` into
        /// `Float`, or integers into weights).
        case dtypeMismatch(key: String, expected: String, found: String)
        /// Two of the file's keys map to the same key of the model.
        case duplicateKey(String, files: [String])
    }

    /// The file's path.
    public let file: String
    /// What is wrong.
    public let problem: Problem

    /// An error about `file`.
    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    /// The message, one line: `PyTorch weights <file>:` and what is wrong, naming the keys and shapes.
    public var description: String {
        switch problem {
        case .format(let problem):
            return "PyTorch weights " + SafeTensorsError(file: file, problem: problem).description.dropFirst("checkpoint ".count)
        case .incompatibleKeys(let missing, let unexpected):
            let parts = [missing.isEmpty ? nil : "missing keys \(listed(missing))",
                         unexpected.isEmpty ? nil : "unexpected keys \(listed(unexpected))"]
            return "PyTorch weights \(file): \(parts.compactMap { $0 }.joined(separator: "; ")) (strict: false loads the rest)"
        case .shapeMismatch(let key, let expected, let found):
            return "PyTorch weights \(file): \"\(key)\" has shape \(found), the model's is \(expected)"
        case .dtypeMismatch(let key, let expected, let found):
            return "PyTorch weights \(file): \"\(key)\" is \(found), which does not load into \(expected) weights without loss"
        case .duplicateKey(let key, let files):
            return "PyTorch weights \(file): keys \(listed(files)) all map to the model's \"\(key)\""
        }
    }
}

/// `["a", "b"]` as `"a", "b"`.
private func listed(_ keys: [String]) -> String { keys.map { "\"\($0)\"" }.joined(separator: ", ") }

extension PyTorchWeightsError {
    /// Runs `body`, its safetensors errors turned into PyTorch weights errors.
    static func passingOn<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SafeTensorsError {
            throw PyTorchWeightsError(file: error.file, problem: .format(error.problem))
        }
    }
}

/// Errors of the neural-network library for what comes from outside the program: saved
/// states loaded into a model or an optimiser.
///
/// ```swift
/// do { try model.load(["fc9.weight": w.value], strict: false) } catch { print(error) }
/// // no parameter or buffer at "fc9.weight"; the model has: fc1.bias, fc1.weight
/// ```
public enum NNError: Error, CustomStringConvertible, Equatable {
    /// No parameter or buffer at that path; `available` lists the ones that exist.
    case unknownParameter(String, available: [String])
    /// A tensor's shape does not fit the parameter, buffer or state slot at that path.
    case shapeMismatch(String, expected: [Int], got: [Int])
    /// A strict load was not given this parameter or buffer.
    case missingParameter(String)
    /// An optimiser state that does not fit the optimiser (slot counts, step, learning rate).
    case invalidState(String)

    /// The message for the error, naming the path and what was expected.
    ///
    /// ```swift
    /// print(NNError.missingParameter("fc1.bias").description)   // no value given for "fc1.bias"
    /// ```
    public var description: String {
        switch self {
        case let .unknownParameter(path, available):
            return "no parameter or buffer at \"\(path)\"; the model has: \(available.joined(separator: ", "))"
        case let .shapeMismatch(what, expected, got):
            return "\(what): expected shape \(expected), got \(got)"
        case let .missingParameter(path):
            return "no value given for \"\(path)\""
        case let .invalidState(message):
            return message
        }
    }
}

/// Errors of the neural-network library that come from outside the program: names given by a
/// user, tensors loaded from a file, command-line settings.
///
/// ```swift
/// do { try model.assign(t, to: "fc9_w") } catch { print(error) }  // no parameter named "fc9_w" ...
/// ```
public enum NNError: Error, CustomStringConvertible, Equatable {
    /// No parameter or buffer of that name; `available` lists the ones that exist.
    case unknownParameter(String, available: [String])
    /// A tensor's shape does not fit where it goes.
    case shapeMismatch(String, expected: [Int], got: [Int])
    /// A setting outside its allowed range.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .unknownParameter(name, available):
            return "no parameter named \"\(name)\"; the model has: \(available.joined(separator: ", "))"
        case let .shapeMismatch(what, expected, got):
            return "\(what): expected shape \(expected), got \(got)"
        case let .invalidArgument(message):
            return message
        }
    }
}

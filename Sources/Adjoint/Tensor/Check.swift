/// Stops the program with `message` when `condition` is false.
///
/// Shape and index errors in tensor operations are programmer errors, like an array index out
/// of range. Unlike `precondition`, this check also runs in `-Ounchecked` builds, so a wrong
/// shape never becomes silent memory corruption.
///
/// ```swift
/// check(x.shape[1] == w.shape[0], "Linear: \(x.shape[1]) features, expected \(w.shape[0])")
/// ```
@inline(__always)
@usableFromInline
package func check(_ condition: Bool, _ message: @autoclosure () -> String,
           file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}

/// Formats a shape the way messages print it: `[2, 3]`.
@usableFromInline
package func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

/// A run that cannot start as asked: a required option missing, a folder that cannot be used.
///
/// ```swift
/// throw CommandLineError("--data DIR is required for CIFAR-10")
/// ```
package struct CommandLineError: Error, CustomStringConvertible, Equatable {
    package let description: String

    package init(_ description: String) { self.description = description }
}

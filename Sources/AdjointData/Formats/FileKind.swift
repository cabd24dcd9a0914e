/// What a path names when it is not a regular file.
///
/// ```swift
/// if case .notARegularFile(.directory, _) = error.reason { print("give the file inside", error.path) }
/// ```
public enum FileKind: Equatable, Sendable {
    /// A directory.
    case directory
    /// A character special file, such as `/dev/zero` or a terminal.
    case characterDevice
    /// A block special file, such as a disk.
    case blockDevice
    /// A named pipe (FIFO).
    case namedPipe
    /// A Unix domain socket.
    case socket
    /// Anything else that is not a regular file.
    case other

    var text: String {
        switch self {
        case .directory: "a directory, not a file"
        case .characterDevice: "a device (character special file), not a regular file"
        case .blockDevice: "a device (block special file), not a regular file"
        case .namedPipe: "a named pipe (FIFO), not a regular file"
        case .socket: "a socket, not a regular file"
        case .other: "not a regular file"
        }
    }
}

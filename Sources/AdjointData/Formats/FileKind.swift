import Foundation

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

    /// The kind `mode` (from `stat`) describes; nil for a regular file.
    init?(mode: mode_t) {
        switch mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): return nil
        case mode_t(S_IFDIR): self = .directory
        case mode_t(S_IFCHR): self = .characterDevice
        case mode_t(S_IFBLK): self = .blockDevice
        case mode_t(S_IFIFO): self = .namedPipe
        case mode_t(S_IFSOCK): self = .socket
        default: self = .other
        }
    }

    /// "a directory", "a named pipe (FIFO)", ...: what the path is, for messages.
    var name: String {
        switch self {
        case .directory: "a directory"
        case .characterDevice: "a character device"
        case .blockDevice: "a block device"
        case .namedPipe: "a named pipe (FIFO)"
        case .socket: "a socket"
        case .other: "a special file"
        }
    }

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

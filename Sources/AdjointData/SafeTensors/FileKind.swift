import Foundation

/// What a path names when it is not a regular file, so that a reader can say so in its message
/// instead of failing on a read that never ends (a FIFO, `/dev/zero`) or a raw system error.
///
/// ```swift
/// var info = stat()
/// if fstat(fd, &info) == 0, let kind = FileKind.name(ofMode: info.st_mode) { print("it is \(kind)") }   // it is a directory
/// ```
enum FileKind {
    /// "a directory", "a FIFO (named pipe)", ...; nil for a regular file.
    static func name(ofMode mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }
}

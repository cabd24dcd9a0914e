import Foundation

/// Writes whole files so that a reader sees either the previous content or the new one.
///
/// The bytes go to a hidden temporary file in the target's own directory, are flushed to disk,
/// and then `rename` replaces the target in one step. Staying in the same directory keeps the
/// rename on one file system, where POSIX makes it atomic. If any step fails the temporary file
/// is removed and the previous file is left untouched, so a crash or a full disk mid-write never
/// costs the last good checkpoint.
///
/// ```swift
/// try AtomicFile.write(Data("done\n".utf8), to: URL(fileURLWithPath: "runs/mnist/status.txt"))
/// ```
public enum AtomicFile {
    /// Replaces the file at `url` with `data`; the directory must exist.
    ///
    /// ```swift
    /// try AtomicFile.write(Data("epoch,loss\n1,0.52\n".utf8), to: folder.appendingPathComponent("history.csv"))
    /// ```
    public static func write(_ data: Data, to url: URL) throws {
        let path = url.path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, step: "create a temporary file", errno: errno) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(fd) }
            if let code = writeFully(data, to: fd) { throw FileWriteError(path: path, step: "write", errno: code) }
            // Without the flush, a power loss right after the rename can leave an empty file
            // in place of both the old and the new content.
            guard fsync(fd) == 0 else { throw FileWriteError(path: path, step: "flush", errno: errno) }
        }
        guard rename(temporary, path) == 0 else {
            throw FileWriteError(path: path, step: "replace the file", errno: errno)
        }
        renamed = true
    }
}

/// Writes every byte, retrying short and interrupted writes; returns the `errno` of a failure.
private func writeFully(_ data: Data, to fd: Int32) -> Int32? {
    data.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }
}

/// A file could not be written; the previous file, if any, is unchanged.
///
/// ```swift
/// do { try AtomicFile.write(Data("{}".utf8), to: url) } catch { print(error) }
/// // cannot write /read-only/x.json: create a temporary file failed: Permission denied
/// ```
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
    /// The file that was to be written.
    public let path: String
    /// What the writer was doing when it failed.
    public let step: String
    /// The operating system's reason.
    ///
    /// ```swift
    /// error.reason   // "Permission denied", "No space left on device", ...
    /// ```
    public let reason: String

    init(path: String, step: String, errno code: Int32) {
        self.path = path
        self.step = step
        self.reason = String(cString: strerror(code))
    }

    /// The message: the path, the step that failed and the reason.
    public var description: String { "cannot write \(path): \(step) failed: \(reason)" }
}

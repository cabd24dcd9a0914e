import Foundation

/// An exclusive lock on a folder while one process writes it: an `flock` on `.adjoint.lock`
/// inside the folder, holding the writer's process id.
///
/// The kernel drops an `flock` when its process dies, so a lock left by a killed run is simply
/// taken by the next one. The file is removed on release; the inode check after locking makes a
/// waiter that opened the file just before its removal try again on the new file.
final class FolderLock: Sendable {
    static let fileName = ".adjoint.lock"

    let path: String
    private let descriptor: Int32
    /// The folder, when this lock created it and must remove it again if nothing was saved.
    private let createdFolder: String?

    /// Why a lock could not be taken.
    enum Failure: Error {
        /// Another process holds it; its process id, when it had written it yet.
        case held(by: Int32?)
        case system(String)
    }

    init(folder: URL, created: Bool) throws(Failure) {
        path = folder.appending(path: Self.fileName).path
        createdFolder = created ? folder.path : nil
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .system(String(cString: strerror(errno))) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                defer { close(fd) }
                guard code == EWOULDBLOCK else { throw .system(String(cString: strerror(code))) }
                throw .held(by: Self.processID(in: fd))
            }
            var opened = stat(), named = stat()
            if fstat(fd, &opened) == 0, stat(path, &named) == 0, opened.st_ino == named.st_ino, opened.st_dev == named.st_dev {
                descriptor = fd
                break
            }
            close(fd)
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        unlink(path)
        close(descriptor)
        // rmdir removes only an empty folder, so nothing saved or put there since is lost.
        if let createdFolder { rmdir(createdFolder) }
    }

    private static func processID(in fd: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

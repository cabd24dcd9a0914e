import Foundation

extension DataFile {
    /// The size in bytes of the file at `path`, after checking that it is a regular file (after
    /// symbolic links) that can be opened for reading; `expected` describes it in the error.
    ///
    /// A directory, device, named pipe or socket is refused by what it is before it is opened,
    /// so `/dev/zero` is never read and a FIFO never blocks; system errors are the system's
    /// one-line text (`strerror`), and "permission denied" only when opening it was refused.
    ///
    /// ```swift
    /// let path = "runs/mlp.safetensors"
    /// let size = try DataFile.checkRegularFile(path: path, expected: "a checkpoint")
    /// guard size >= 8 else { throw DataError(.truncated(expected: "the 8-byte header length"), path: path, offset: size) }
    /// ```
    public static func checkRegularFile(path: String, expected: String) throws(DataError) -> Int {
        let file = try RegularFile(path: path, expected: expected)
        file.close()
        return file.size
    }
}

/// A regular file open for reading, checked to be one both before and after opening.
struct RegularFile {
    let path: String
    let size: Int
    private let descriptor: Int32

    init(path: String, expected: String) throws(DataError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw DataError(.missingFile(expected: expected), path: path) }
            throw DataError(.unreadable(systemErrorText(code)), path: path)
        }
        try Self.checkKind(info.st_mode, path: path, expected: expected)
        // Non-blocking, so that a FIFO put in its place after the check cannot hang the open.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw DataError(.unreadable(systemErrorText(errno)), path: path) }
        // Checked again on what was opened, which need not be what was checked.
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            closeDescriptor(descriptor)
            throw DataError(.unreadable(systemErrorText(code)), path: path)
        }
        do {
            try Self.checkKind(info.st_mode, path: path, expected: expected)
        } catch {
            closeDescriptor(descriptor)
            throw error
        }
        self.path = path
        self.size = Int(info.st_size)
        self.descriptor = descriptor
    }

    /// Up to `count` bytes from `offset`; fewer only when the file ends first.
    func read(_ count: Int, from offset: Int) throws(DataError) -> [UInt8] {
        guard count > 0 else { return [] }
        var failure: DataError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(DataError) {
                initialized = try readAvailable(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Fills `buffer` from `offset`, refusing a file that ends first.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(DataError) {
        let done = try readAvailable(into: buffer, at: offset)
        guard done == buffer.count else {
            throw DataError(.unreadable("the file ends at byte \(offset + done), before byte \(offset + buffer.count) (was it changed while being read?)"),
                            path: path, offset: offset + done)
        }
    }

    /// Reads into `buffer` from `offset` until it is full or the file ends, retrying short and
    /// interrupted reads; returns how many bytes it read.
    private func readAvailable(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(DataError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n > 0 {
                done += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw DataError(.unreadable(systemErrorText(errno)), path: path, offset: offset + done)
            }
        }
        return done
    }

    func close() { closeDescriptor(descriptor) }

    /// Throws `notARegularFile` naming the kind of file `mode` describes, unless it is a regular file.
    private static func checkKind(_ mode: mode_t, path: String, expected: String) throws(DataError) {
        guard let kind = FileKind(mode: mode) else { return }
        throw DataError(.notARegularFile(kind, expected: expected), path: path)
    }
}

/// The system's one-line description of `code`, such as "Permission denied".
func systemErrorText(_ code: Int32) -> String { String(cString: strerror(code)) }

/// `close`, under a name that the method `RegularFile.close` does not hide.
private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }

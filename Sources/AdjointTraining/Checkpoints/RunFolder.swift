import Foundation

/// A run's output folder, replaced whole at every save so that a reader never sees files from
/// two states of the run.
///
/// Each save writes every file into a fresh hidden sibling (`.NAME.staging`), flushes it, and
/// swaps it with the folder in one `renameat2(RENAME_EXCHANGE)` call; the previous state, now
/// in the sibling, is then deleted. A kill at any moment leaves the folder holding one complete
/// state; a sibling a kill left behind is removed when the folder is next opened.
///
/// ```swift
/// let folder = try RunFolder(path: "runs/mnist", mode: .new)
/// try folder.save { staging in try Data("{}".utf8).write(to: staging.appending(path: "metrics.json")) }
/// ```
public struct RunFolder: Sendable {
    /// How an existing folder is treated.
    ///
    /// ```swift
    /// let folder = try RunFolder(path: "runs/a", mode: .overwrite)
    /// ```
    public enum Mode: Sendable {
        /// The folder must not hold files yet.
        case new
        /// Another run's files are replaced at the first save.
        case overwrite
        /// The folder must hold a run, which this one continues.
        case resume
    }

    /// The folder.
    ///
    /// ```swift
    /// let metrics = folder.url.appending(path: "metrics.json")
    /// ```
    public let url: URL
    var staging: URL { url.deletingLastPathComponent().appending(path: "." + url.lastPathComponent + ".staging") }

    /// Opens `path` for a run, checking before any work that it can be written: the path is
    /// not empty, its parent exists and is writable, and the folder fits `mode`.
    ///
    /// ```swift
    /// let folder = try RunFolder(path: options.outputDirectory, mode: options.overwrite ? .overwrite : .new)
    /// ```
    public init(path: String, mode: Mode) throws(RunFolderError) {
        guard !path.isEmpty else { throw RunFolderError(path: path, problem: "the folder name is empty") }
        url = URL(fileURLWithPath: path).standardizedFileURL
        guard url.path != "/" else { throw RunFolderError(path: path, problem: "the root folder cannot be a run folder") }
        let manager = FileManager.default
        let parent = url.deletingLastPathComponent()
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw RunFolderError(path: path, problem: "cannot create its parent folder \(parent.path) (\(Self.reason(error)))")
        }
        try? manager.removeItem(at: staging)
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw RunFolderError(path: path, problem: "it is a file, not a folder") }
        let contents = exists ? ((try? manager.contentsOfDirectory(atPath: url.path)) ?? []) : []
        switch mode {
        case .new where !contents.isEmpty:
            throw RunFolderError(path: path, problem: "it already holds files (\(contents.sorted().prefix(3).joined(separator: ", "))\(contents.count > 3 ? ", ..." : "")); pass --resume to continue that run or --overwrite to replace it")
        case .resume where !contents.contains("model.safetensors"):
            throw RunFolderError(path: path, problem: "it holds no run to resume (no model.safetensors)")
        default:
            break
        }
        // Prove now, not after hours of training, that the sibling can be created and removed.
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            try manager.removeItem(at: staging)
        } catch {
            throw RunFolderError(path: path, problem: "its folder \(parent.path) is not writable (\(Self.reason(error)))")
        }
    }

    /// Writes a new state of the run: `write` fills an empty folder, which then replaces the
    /// run folder in one step.
    ///
    /// ```swift
    /// try folder.save { staging in try Checkpoint.save(model: net, to: staging.appending(path: "model.safetensors")) }
    /// ```
    public func save(_ write: (URL) throws -> Void) throws {
        let manager = FileManager.default
        try? manager.removeItem(at: staging)
        try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            try write(staging)
            try Self.flush(staging)
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
        if manager.fileExists(atPath: url.path) {
            guard Self.exchange(staging.path, url.path) else {
                try? manager.removeItem(at: staging)
                throw RunFolderError(path: url.path, problem: "cannot swap in the new state (\(String(cString: strerror(errno))))")
            }
        } else {
            guard rename(staging.path, url.path) == 0 else {
                try? manager.removeItem(at: staging)
                throw RunFolderError(path: url.path, problem: "cannot move the new state in place (\(String(cString: strerror(errno))))")
            }
        }
        try? manager.removeItem(at: staging)
    }

    /// Flushes every file in `folder` and the folder itself to disk, so the swap never exposes
    /// files a power loss would empty.
    static func flush(_ folder: URL) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let fd = open(folder.appending(path: name).path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { _ = fsync(fd); close(fd) }
        }
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { _ = fsync(fd); close(fd) }
    }

    /// Swaps two paths atomically with Linux's `renameat2(RENAME_EXCHANGE)`, which Glibc does
    /// not export to Swift, so it is looked up by name.
    static func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { errno = ENOSYS; return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let exchangeFlag: UInt32 = 1 << 1   // RENAME_EXCHANGE
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, exchangeFlag) == 0
    }

    private static func reason(_ error: Error) -> String {
        ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription ?? error.localizedDescription
    }
}

/// A run folder that cannot be used, found before any training.
///
/// ```swift
/// do { _ = try RunFolder(path: "", mode: .new) } catch { print(error) }   // --out "": the folder name is empty
/// ```
public struct RunFolderError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path given.
    ///
    /// ```swift
    /// do throws(RunFolderError) { _ = try RunFolder(path: out, mode: .new) } catch { print(error.path) }
    /// ```
    public let path: String
    /// What is wrong with it.
    ///
    /// ```swift
    /// do throws(RunFolderError) { _ = try RunFolder(path: "", mode: .new) } catch { print(error.problem) }   // the folder name is empty
    /// ```
    public let problem: String

    /// The message printed for the error: the `--out` option as given and what is wrong with it.
    ///
    /// ```swift
    /// do { _ = try RunFolder(path: "/", mode: .new) } catch { print(error) }   // --out "/": the root folder cannot be a run folder
    /// ```
    public var description: String { "--out \"\(path)\": \(problem)" }
}

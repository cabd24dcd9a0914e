import Foundation

/// A folder Adjoint writes: a training run, an evaluation or a comparison.
///
/// Adjoint touches only the files it wrote there (listed in `.adjoint.json`); whatever else
/// the folder holds is never replaced or deleted. A folder Adjoint did not write is refused,
/// even for `overwrite`, unless it is empty. While a process writes the folder it holds a lock
/// (`.adjoint.lock`), so a second writer is refused at once.
///
/// Each save writes every file into `.adjoint-staging` inside the folder, flushes it, and
/// renames it to `.adjoint-commit` in one step; the files then move into place one rename each,
/// and the previous save's files that this one did not write are deleted. A kill before the
/// commit leaves the previous state, a kill after it is finished when the folder is next
/// opened, and every file is whole at every moment.
///
/// ```swift
/// let folder = try RunFolder(path: "runs/mnist", mode: .new)
/// try folder.save { staging in try Data("{}".utf8).write(to: staging.appending(path: "metrics.json")) }
/// ```
public struct RunFolder: Sendable {
    /// What a folder holds (a graph is `tape-tour`'s); a folder of one kind is never written as another.
    ///
    /// ```swift
    /// let folder = try RunFolder(path: "runs/a-test", kind: .evaluation, mode: .overwrite)
    /// ```
    public enum Kind: String, Codable, Sendable {
        case run, evaluation, comparison, graph

        var article: String { self == .evaluation ? "an evaluation" : "a \(rawValue)" }
    }

    /// How an existing folder is treated.
    ///
    /// ```swift
    /// let folder = try RunFolder(path: "runs/a", mode: .overwrite)
    /// ```
    public enum Mode: Sendable {
        /// The folder must not hold files yet.
        case new
        /// An earlier folder of the same kind has its Adjoint files replaced at the first save.
        case overwrite
        /// The folder must hold a run, which this one continues.
        case resume
    }

    /// The folder.
    public let url: URL
    /// What the folder holds.
    public let kind: Kind
    private let lock: FolderLock

    var staging: URL { url.appending(path: ".adjoint-staging") }
    var commit: URL { url.appending(path: ".adjoint-commit") }

    /// Opens `path` for writing, checking before any work that it can be written: the path is
    /// not empty, not the working folder nor one holding it, nor a folder in `protected`; the
    /// folder fits `mode`; no other process writes it. `option` names the path in messages.
    ///
    /// ```swift
    /// let folder = try RunFolder(path: "runs/a", mode: .new,
    ///                            protected: ["the data folder (--data)": URL(fileURLWithPath: "Data")])
    /// ```
    public init(path: String, kind: Kind = .run, mode: Mode, option: String = "--out",
                protected: [String: URL] = [:]) throws(RunFolderError) {
        func refuse(_ problem: String) -> RunFolderError { RunFolderError(path: path, problem: problem, option: option) }
        guard !path.isEmpty else { throw refuse("the folder name is empty") }
        url = URL(fileURLWithPath: path).standardizedFileURL
        self.kind = kind
        guard url.path != "/" else { throw refuse("the root folder cannot be a run folder") }
        let manager = FileManager.default
        var others = protected
        if mode != .resume { others["the working folder"] = URL(fileURLWithPath: manager.currentDirectoryPath) }
        let real = Self.resolved(url)
        for (name, other) in others.sorted(by: { $0.key < $1.key }) {
            let theirs = Self.resolved(other)
            if theirs.path == real.path { throw refuse("it is \(name)") }
            if theirs.path.hasPrefix(real.path + "/") { throw refuse("it holds \(name), \(other.path)") }
        }

        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw refuse("it is a file, not a folder") }
        let entries = exists ? Set(((try? manager.contentsOfDirectory(atPath: url.path)) ?? []).filter { !FolderManifest.isBookkeeping($0) }) : []
        let found = Self.kind(of: url, entries: entries)
        let listing = Self.listing(entries, in: url)
        switch mode {
        case .new where !entries.isEmpty:
            guard found != nil else { throw refuse("it holds files Adjoint did not write (\(listing)); choose a new folder") }
            throw refuse("it already holds files (\(listing)); pass --resume to continue that run or --overwrite to replace it")
        case .overwrite where !entries.isEmpty:
            guard let found else {
                throw refuse("it is not a folder Adjoint wrote: it holds \(listing); choose a new or empty folder (only Adjoint's own folders are replaced)")
            }
            guard found == kind else { throw refuse("it holds \(found.article), not \(kind.article); choose another folder") }
        case .resume:
            guard exists else { throw refuse("there is no such folder") }
            guard found == .run, entries.contains("model.safetensors") || Self.committing(url) else {
                throw refuse("it holds no run to resume (no model.safetensors)")
            }
        default:
            break
        }

        let parent = url.deletingLastPathComponent()
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw refuse("cannot create its parent folder \(parent.path) (\(Self.reason(error)))")
        }
        let created = !exists && mkdir(url.path, 0o755) == 0
        guard exists || created else { throw refuse("cannot create it (\(String(cString: strerror(errno))))") }
        do {
            lock = try FolderLock(folder: url, created: created)
        } catch {
            switch error {
            case .held(let holder):
                throw refuse("another process (\(holder.map { "pid \($0)" } ?? "its id not yet written")) is writing it; wait for it to end or stop it")
            case .system(let reason):
                if created { rmdir(url.path) }
                throw refuse("it is not writable (\(reason))")
            }
        }
        do {
            try finishCommit()
            if manager.fileExists(atPath: staging.path) { try manager.removeItem(at: staging) }
        } catch {
            throw refuse("cannot finish the save a stopped process began (\(Self.reason(error)))")
        }
    }

    /// Writes a new state: `write` fills an empty folder, whose files then replace the ones
    /// Adjoint wrote before.
    ///
    /// ```swift
    /// try runFolder.save { staging in try Checkpoint.save(model: net, to: staging.appending(path: "model.safetensors")) }
    /// ```
    public func save(_ write: (URL) throws -> Void) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: staging.path) { try manager.removeItem(at: staging) }
        try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            try write(staging)
            try FolderManifest.write(kind: kind, listing: staging)
            try Self.flush(staging)
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
        guard rename(staging.path, commit.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(at: staging)
            throw RunFolderError(path: url.path, problem: "cannot commit the new state (\(reason))")
        }
        Self.flushFolder(url)
        try finishCommit()
    }

    /// Moves a committed save's files into place and deletes the earlier save's files it did
    /// not write; repeating it after a kill completes the same save.
    private func finishCommit() throws {
        guard Self.committing(url) else { return }
        guard let new = FolderManifest.read(in: commit) else {
            // A commit without its manifest cannot come from `save`; what it holds is Adjoint's.
            try FileManager.default.removeItem(at: commit)
            return
        }
        let old = FolderManifest.read(in: url)
        for name in new.files.keys.sorted() {
            let source = commit.appending(path: name).path, target = url.appending(path: name).path
            guard access(source, F_OK) == 0 else { continue }
            guard rename(source, target) == 0 else {
                throw RunFolderError(path: url.path, problem: "cannot move \(name) in place (\(String(cString: strerror(errno))))")
            }
        }
        for (name, size) in old?.files ?? [:] where new.files[name] == nil {
            // A file of another size is no longer the one Adjoint wrote: someone replaced it.
            var info = stat()
            let target = url.appending(path: name).path
            if lstat(target, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == size { unlink(target) }
        }
        guard rename(commit.appending(path: FolderManifest.fileName).path, url.appending(path: FolderManifest.fileName).path) == 0 else {
            throw RunFolderError(path: url.path, problem: "cannot record the new state (\(String(cString: strerror(errno))))")
        }
        try FileManager.default.removeItem(at: commit)
        Self.flushFolder(url)
    }

    static func committing(_ folder: URL) -> Bool { access(folder.appending(path: ".adjoint-commit").path, F_OK) == 0 }

    /// The kind of folder `entries` make up: from the manifest (or a commit under way), else
    /// from the files each kind always wrote before manifests existed.
    static func kind(of folder: URL, entries: Set<String>) -> Kind? {
        if let manifest = FolderManifest.read(in: folder.appending(path: ".adjoint-commit")) ?? FolderManifest.read(in: folder) {
            return manifest.kind
        }
        return FolderManifest.legacyKind(of: entries)
    }

    /// Up to four entries, folders marked with a slash, for messages.
    static func listing(_ entries: Set<String>, in folder: URL) -> String {
        let sorted = entries.sorted()
        let shown = sorted.prefix(4).map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appending(path: name).path, isDirectory: &isDirectory)
            return isDirectory.boolValue ? name + "/" : name
        }
        return shown.joined(separator: ", ") + (sorted.count > 4 ? ", and \(sorted.count - 4) more" : "")
    }

    /// `url` with symbolic links resolved, as far as the path exists.
    static func resolved(_ url: URL) -> URL {
        var existing = url.standardizedFileURL, rest: [String] = []
        while existing.path != "/", access(existing.path, F_OK) != 0 {
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        var result = existing.resolvingSymlinksInPath()
        for name in rest { result = result.appending(path: name) }
        return result.standardizedFileURL
    }

    /// Flushes every file in `folder` and the folder itself to disk, so the commit never
    /// exposes files a power loss would empty.
    static func flush(_ folder: URL) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let fd = open(folder.appending(path: name).path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { _ = fsync(fd); close(fd) }
        }
        flushFolder(folder)
    }

    static func flushFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { _ = fsync(fd); close(fd) }
    }

    private static func reason(_ error: Error) -> String {
        if let error = error as? RunFolderError { return error.problem }
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(underlying.code))) }
        return underlying?.localizedDescription ?? error.localizedDescription
    }
}

/// A folder that cannot be written, found before any work.
///
/// ```swift
/// do { _ = try RunFolder(path: "", mode: .new) } catch { print(error) }   // --out "": the folder name is empty
/// ```
public struct RunFolderError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path given.
    public let path: String
    /// What is wrong with it.
    public let problem: String
    /// The option that named the folder (`--out`, `--resume`).
    public let option: String

    public init(path: String, problem: String, option: String = "--out") {
        self.path = path
        self.problem = problem
        self.option = option
    }

    /// The message printed for the error: the option as given and what is wrong with it.
    ///
    /// ```swift
    /// do { _ = try RunFolder(path: "/", mode: .new) } catch { print(error) }   // --out "/": the root folder cannot be a run folder
    /// ```
    public var description: String { "\(option) \"\(path)\": \(problem)" }
}

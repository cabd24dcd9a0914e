import Foundation

/// What Adjoint wrote into a folder: `.adjoint.json`, naming the folder's kind and each file
/// with its size. A save replaces and deletes only the files listed here, so anything a user
/// puts beside them is never touched.
struct FolderManifest: Codable, Equatable {
    static let fileName = ".adjoint.json"

    var kind: RunFolder.Kind
    /// Plain file names and their sizes in bytes when written.
    var files: [String: Int]

    /// Entries of Adjoint's own bookkeeping, never a user's: the manifest, the lock, and the
    /// folders a save fills and then commits.
    static func isBookkeeping(_ name: String) -> Bool { name.hasPrefix(".adjoint") }

    /// A name a manifest may list: one entry of the folder itself, not Adjoint's bookkeeping.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !isBookkeeping(name)
    }

    /// The manifest in `folder`, or nil when it is missing or unreadable.
    static func read(in folder: URL) -> FolderManifest? {
        guard let bytes = try? DataFile.read(folder.appending(path: fileName).path, expected: "a folder manifest", maximumSize: 1 << 20),
              var manifest = try? JSONDecoder().decode(FolderManifest.self, from: Data(bytes)) else { return nil }
        manifest.files = manifest.files.filter { isPlainName($0.key) }
        return manifest
    }

    /// Lists every entry of `folder` (a save's staging folder) and writes the manifest there.
    static func write(kind: RunFolder.Kind, listing folder: URL) throws {
        var files: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where isPlainName(name) {
            var info = stat()
            files[name] = stat(folder.appending(path: name).path, &info) == 0 ? Int(info.st_size) : 0
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(FolderManifest(kind: kind, files: files)).write(to: folder.appending(path: fileName))
    }

    /// The kind of a folder written before manifests existed, told by the files every save of
    /// that kind wrote; nil for anything else.
    static func legacyKind(of entries: Set<String>) -> RunFolder.Kind? {
        if entries.isSuperset(of: ["model.safetensors", "metrics.json", "history.json"]) { return .run }
        if entries.isSuperset(of: ["metrics.json", "confusion.txt", "index.html"]) { return .evaluation }
        if entries.isSuperset(of: ["results.json", "loss.svg", "index.html"]) { return .comparison }
        return nil
    }
}

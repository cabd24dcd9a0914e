import Foundation

/// The repository's `Data/` directory with the embedded Fashion-MNIST subset, or nil.
///
/// Looks in `./Data` first (the `train` executable run with `swift run` from the repository
/// root), then for a `Data/` in the directories above `sourceFile` (the caller's source file,
/// so tests and examples find their checkout wherever they run), then above this library's
/// own source. A candidate counts only if it holds the subset's training images, so an
/// unrelated `Data/` folder is not picked.
///
/// ```swift
/// if let directory = defaultDataDirectory() {
///     let train = try FashionMNIST.load(.train, from: directory)
/// }
/// ```
package func defaultDataDirectory(sourceFile: String = #filePath) -> String? {
    let candidates = [FileManager.default.currentDirectoryPath + "/Data"]
        + dataDirectoriesAbove(sourceFile) + dataDirectoriesAbove(#filePath)
    return candidates.first { fileExists($0 + "/train-images-idx3-ubyte.gz") }
}

/// `D/Data` for every directory `D` above `file`, nearest first.
private func dataDirectoriesAbove(_ file: String) -> [String] {
    var result: [String] = []
    var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
    while directory.pathComponents.count > 1 {
        result.append(directory.appendingPathComponent("Data").path)
        directory = directory.deletingLastPathComponent()
    }
    return result
}


extension FashionMNIST {
    /// The directory to load from: the full set in ``systemDirectory`` when `full`, else the
    /// subset in the repository's `Data/` (see ``defaultDataDirectory(sourceFile:)``).
    ///
    /// ```swift
    /// let train = try FashionMNIST.load(.train, from: FashionMNIST.directory(full: true))
    /// ```
    package static func directory(full: Bool) throws(DataError) -> String {
        if full {
            let probe = systemDirectory + "/train-images-idx3-ubyte.gz"
            guard fileExists(probe) else {
                throw DataError(.missingFile(expected: "the full Fashion-MNIST; install it with "
                                             + "`apt-get install dataset-fashion-mnist`"), path: probe)
            }
            return systemDirectory
        }
        guard let directory = defaultDataDirectory() else {
            throw DataError(.missingFile(expected: "the repository's Data/ directory with the Fashion-MNIST subset; "
                                         + "run from the repository root"), path: "Data")
        }
        return directory
    }
}

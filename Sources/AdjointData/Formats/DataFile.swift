import Foundation

/// Reading data files into memory, with failures as ``DataError``s that name the path.
///
/// ```swift
/// let (labels, _) = try DataFile.contents(of: "Data/t10k-labels-idx1-ubyte.gz", expected: "Fashion-MNIST test labels")
/// ```
public enum DataFile {
    /// The bytes of the regular file at `path`; `expected` describes it in the error if it is
    /// missing or not a regular file (see ``checkRegularFile(path:expected:)``).
    ///
    /// The size is checked before anything is read: a file larger than `maximumSize` is refused
    /// (`fileTooLarge`, `limitSource` saying where the bound comes from), and so is one larger
    /// than ``memoryLimit``, so a huge or sparse file cannot exhaust memory.
    ///
    /// ```swift
    /// let bytes = try DataFile.read("Data/test_batch.bin", expected: "a CIFAR-10 batch")
    /// let small = try DataFile.read("notes.txt", expected: "notes", maximumSize: 4096, limitSource: "for notes")
    /// ```
    public static func read(_ path: String, expected: String, maximumSize: Int? = nil,
                            limitSource: String = "allowed") throws(DataError) -> [UInt8] {
        let file = try RegularFile(path: path, expected: expected)
        defer { file.close() }
        if let maximumSize, file.size > maximumSize {
            throw DataError(.fileTooLarge(limit: maximumSize, source: limitSource), path: path, offset: maximumSize)
        }
        if file.size > memoryLimit {
            throw DataError(.fileTooLarge(limit: memoryLimit, source: "allowed (half of this machine's memory)"),
                            path: path, offset: memoryLimit)
        }
        let bytes = try file.read(file.size, from: 0)
        guard bytes.count == file.size else {
            throw DataError(.truncated(expected: "\(file.size) bytes, its size when opened"), path: path, offset: bytes.count)
        }
        return bytes
    }

    /// The first `count` bytes of the regular file at `path` (fewer if it is shorter) and its
    /// size, so that a header can be checked against the size before the rest is read.
    static func prefix(of path: String, count: Int, expected: String) throws(DataError) -> (bytes: [UInt8], fileSize: Int) {
        let file = try RegularFile(path: path, expected: expected)
        defer { file.close() }
        return (try file.read(min(count, file.size), from: 0), file.size)
    }

    /// The contents of the file at `path`, decompressed when the name ends in `.gz`, to at
    /// most `maximumSize` bytes.
    ///
    /// The second value says whether the bytes were decompressed, so that format errors
    /// can say which bytes their offsets count.
    ///
    /// ```swift
    /// let (bytes, wasGzip) = try DataFile.contents(of: "Data/train-images-idx3-ubyte.gz", expected: "images")
    /// ```
    public static func contents(of path: String, expected: String,
                                maximumSize: Int = Gzip.defaultMaximumSize) throws(DataError) -> (bytes: [UInt8], decompressed: Bool) {
        guard path.hasSuffix(".gz") else { return (try read(path, expected: expected, maximumSize: maximumSize), false) }
        return (try Gzip.decompress(try read(path, expected: expected), path: path, maximumSize: maximumSize), true)
    }

    /// `path`, or `path + ".gz"` when only the compressed file exists; `path + ".gz"` is
    /// preferred because it is how the data sets are distributed.
    ///
    /// ```swift
    /// DataFile.plainOrGzip("Data/train-images-idx3-ubyte")   // "Data/train-images-idx3-ubyte.gz"
    /// ```
    public static func plainOrGzip(_ path: String) -> String {
        let gzip = path + ".gz"
        if FileManager.default.fileExists(atPath: gzip) || !FileManager.default.fileExists(atPath: path) { return gzip }
        return path
    }
}

/// Whether a file or folder exists at `path`.
package func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

import Foundation

/// Reading data files into memory, with failures as ``DataError``s that name the path.
///
/// ```swift
/// let (labels, _) = try DataFile.contents(of: "Data/t10k-labels-idx1-ubyte.gz", expected: "Fashion-MNIST test labels")
/// ```
public enum DataFile {
    /// The bytes of the file at `path`; `expected` describes it in the error if it is missing.
    ///
    /// ```swift
    /// let bytes = try DataFile.read("Data/test_batch.bin", expected: "a CIFAR-10 batch")
    /// ```
    public static func read(_ path: String, expected: String) throws(DataError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError(.missingFile(expected: expected), path: path)
        }
        guard !isDirectory.boolValue else {
            throw DataError(.unreadable("it is a directory; expected \(expected)"), path: path)
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DataError(.unreadable(error.localizedDescription), path: path)
        }
    }

    /// The contents of the file at `path`, decompressed when the name ends in `.gz`.
    ///
    /// The second value says whether the bytes were decompressed, so that format errors
    /// can say which bytes their offsets count.
    ///
    /// ```swift
    /// let (bytes, wasGzip) = try DataFile.contents(of: "Data/train-images-idx3-ubyte.gz", expected: "images")
    /// ```
    public static func contents(of path: String, expected: String) throws(DataError) -> (bytes: [UInt8], decompressed: Bool) {
        let bytes = try read(path, expected: expected)
        guard path.hasSuffix(".gz") else { return (bytes, false) }
        return (try Gzip.decompress(bytes, path: path), true)
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

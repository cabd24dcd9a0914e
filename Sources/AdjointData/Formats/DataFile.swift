import Foundation

/// Reading data files into memory, with failures as ``DataError``s that name the path.
///
/// ```swift
/// let (labels, _) = try DataFile.contents(of: "Data/t10k-labels-idx1-ubyte.gz", expected: "Fashion-MNIST test labels")
/// ```
public enum DataFile {
    /// The bytes of the file at `path`; `expected` describes it in the error if it is missing.
    ///
    /// With a `maximumSize`, a larger file is refused (`fileTooLarge`, `limitSource` saying
    /// where the bound comes from) after reading at most one byte more than it, so neither a
    /// huge file nor an endless device such as `/dev/zero` can exhaust memory.
    ///
    /// ```swift
    /// let bytes = try DataFile.read("Data/test_batch.bin", expected: "a CIFAR-10 batch")
    /// let small = try DataFile.read("notes.txt", expected: "notes", maximumSize: 4096, limitSource: "for notes")
    /// ```
    public static func read(_ path: String, expected: String, maximumSize: Int? = nil,
                            limitSource: String = "allowed") throws(DataError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError(.missingFile(expected: expected), path: path)
        }
        guard !isDirectory.boolValue else {
            throw DataError(.unreadable("it is a directory; expected \(expected)"), path: path)
        }
        let tooLarge = { (limit: Int) in DataError(.fileTooLarge(limit: limit, source: limitSource), path: path, offset: limit) }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let regularSize = attributes?[.type] as? FileAttributeType == .typeRegular ? (attributes?[.size] as? NSNumber)?.intValue : nil
        if let maximumSize, let regularSize, regularSize > maximumSize { throw tooLarge(maximumSize) }
        let data: Data
        do {
            if let maximumSize, regularSize == nil {
                // A device or pipe (/dev/zero) has no size to check first: read one byte past the bound at most.
                let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                data = try handle.read(upToCount: min(maximumSize, .max - 1) + 1) ?? Data()
            } else {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        } catch {
            throw DataError(.unreadable(error.localizedDescription), path: path)
        }
        // Also catches a file that grew after its size was checked.
        if let maximumSize, data.count > maximumSize { throw tooLarge(maximumSize) }
        return [UInt8](data)
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

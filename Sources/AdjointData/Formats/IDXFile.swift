/// An IDX file whose header has been read and checked against the file's size before its
/// data is: a plain file's size must be exactly what the header announces, and a `.gz` file's
/// compressed size must be able to hold it, so counts and memory can be compared first.
struct IDXFile {
    let path: String
    let expected: String
    /// The shape the header announces.
    let shape: [Int]
    /// The length of the contents the header announces, decompressed for a `.gz` file.
    let size: Int
    /// The bytes of a `.gz` file; nil for a plain file, which is read only by `contents()`.
    let compressed: [UInt8]?

    /// Whether offsets count bytes of the decompressed contents.
    var decompressed: Bool { compressed != nil }

    /// Reads the header of the IDX file at `path` (the whole compressed file when it ends in
    /// `.gz`, only the header otherwise).
    init(path: String, dimensions: Int, expected: String) throws(DataError) {
        self.path = path
        self.expected = expected
        if path.hasSuffix(".gz") {
            let file = try DataFile.read(path, expected: expected)
            (shape, size) = try IDX.announcedSizeInGzip(file, dimensions: dimensions, path: path)
            compressed = file
        } else {
            let (header, fileSize) = try DataFile.prefix(of: path, count: IDX.headerLength(dimensions), expected: expected)
            (shape, size) = try IDX.announcedSize(header, dimensions: dimensions, path: path, decompressed: false)
            try IDX.checkLength(fileSize, shape: shape, size: size, dimensions: dimensions, path: path, decompressed: false)
            compressed = nil
        }
    }

    /// The bytes a `.gz` file's data is decompressed from, or 0 for a plain file.
    var compressedCount: Int { compressed?.count ?? 0 }

    /// The whole contents, decompressed to no more than the header announces.
    func contents() throws(DataError) -> [UInt8] {
        let source = "its IDX header announces"
        guard let compressed else {
            return try DataFile.read(path, expected: expected, maximumSize: size, limitSource: source)
        }
        return try Gzip.decompress(compressed, path: path, limit: OutputLimit(bytes: size, source: source))
    }
}

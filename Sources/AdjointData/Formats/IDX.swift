/// An n-dimensional array of unsigned bytes as stored in an IDX file.
///
/// ```swift
/// let labels = IDXArray(shape: [3], bytes: [7, 2, 1])
/// let file = IDX.encode(labels)   // 00 00 08 01 | 00 00 00 03 | 07 02 01
/// ```
public struct IDXArray: Equatable, Sendable {
    /// The size of each dimension, outermost first.
    ///
    /// ```swift
    /// try IDX.read("Data/t10k-images-idx3-ubyte.gz", dimensions: 3, expected: "test images").shape   // [2000, 28, 28]
    /// ```
    public var shape: [Int]
    /// The elements in row-major order.
    ///
    /// ```swift
    /// IDXArray(shape: [2, 2], bytes: [0, 64, 128, 255]).bytes[3]   // 255, row 1, column 1
    /// ```
    public var bytes: [UInt8]

    /// An array of `shape` holding `bytes`; stops if they do not fill the shape exactly.
    ///
    /// ```swift
    /// let images = IDXArray(shape: [1, 2, 2], bytes: [0, 64, 128, 255])
    /// ```
    public init(shape: [Int], bytes: [UInt8]) {
        check(shape.reduce(1, *) == bytes.count, "IDXArray: \(bytes.count) bytes do not fill shape \(shape)")
        self.shape = shape
        self.bytes = bytes
    }
}

/// The IDX format of MNIST and Fashion-MNIST: a magic number `00 00 08 d` (unsigned bytes, `d`
/// dimensions), `d` big-endian 32-bit sizes, then the bytes in row-major order.
///
/// Files may be plain or `.gz`. Everything is validated: magic, dimension count, the file
/// length against the header, and label ranges; errors name the path and byte. The header is
/// read first (from a `.gz` file, only it is decompressed) and checked against the file's size,
/// the other file's count and the memory limit before the data is read, which is then
/// decompressed with the header's size as the limit, so neither a decompression bomb nor a
/// lying header can take more memory than the header honestly needs.
///
/// ```swift
/// let images = try IDX.read("Data/t10k-images-idx3-ubyte.gz", dimensions: 3, expected: "test images")
/// images.shape   // [2000, 28, 28]
/// ```
public enum IDX {
    /// The type byte for unsigned bytes, the only element type the image data sets use.
    static let unsignedByte: UInt8 = 0x08
    /// The type bytes of the other IDX element types (signed byte, short, int, float, double).
    static let otherTypes: Set<UInt8> = [0x09, 0x0B, 0x0C, 0x0D, 0x0E]

    /// Reads the IDX file at `path` (gzip-compressed when it ends in `.gz`), which must hold
    /// unsigned bytes in `dimensions` dimensions; `expected` describes it if it is missing.
    ///
    /// ```swift
    /// let labels = try IDX.read("Data/train-labels-idx1-ubyte.gz", dimensions: 1, expected: "labels")
    /// ```
    public static func read(_ path: String, dimensions: Int, expected: String) throws(DataError) -> IDXArray {
        let file = try IDXFile(path: path, dimensions: dimensions, expected: expected)
        // The contents and the array's copy of the data.
        try DataFile.checkMemory(bytesNeeded([(1, file.compressedCount), (2, file.size)]),
                                 for: "the shape \(file.shape) that the IDX header announces", path: path, offset: 4,
                                 inDecompressedData: file.decompressed)
        return try parse(try file.contents(), dimensions: dimensions, path: path, decompressed: file.decompressed)
    }

    /// `file`, the bytes of an IDX file, decompressed when `gzip` to no more than its header announces.
    static func contents(ofFile file: [UInt8], gzip: Bool, dimensions: Int,
                         path: String) throws(DataError) -> (bytes: [UInt8], decompressed: Bool) {
        guard gzip else { return (file, false) }
        let size = try announcedSizeInGzip(file, dimensions: dimensions, path: path).fileSize
        let limit = OutputLimit(bytes: size, source: "its IDX header announces")
        return (try Gzip.decompress(file, path: path, limit: limit), true)
    }

    /// The shape and decompressed size that the header inside the gzip data `file` announces,
    /// decompressing only the header, after checking that `file` can hold that much.
    static func announcedSizeInGzip(_ file: [UInt8], dimensions: Int,
                                    path: String) throws(DataError) -> (shape: [Int], fileSize: Int) {
        let header = try Gzip.prefix(file, count: headerLength(dimensions), path: path)
        let (shape, size) = try announcedSize(header, dimensions: dimensions, path: path, decompressed: true)
        // Refused before decoding anything: no DEFLATE stream this short can produce that much.
        let (most, overflow) = file.count.multipliedReportingOverflow(by: Gzip.maximumRatio)
        guard overflow || size <= most else {
            throw DataError(.badHeader("the IDX header announces \(size) bytes, but \(file.count) compressed bytes "
                                       + "decompress to at most \(most)"), path: path, offset: 4, inDecompressedData: true)
        }
        return (shape, size)
    }

    /// Parses IDX `bytes`; `path` and `decompressed` only shape error messages.
    ///
    /// ```swift
    /// let array = try IDX.parse([0, 0, 8, 1, 0, 0, 0, 1, 9], dimensions: 1)   // shape [1], bytes [9]
    /// ```
    public static func parse(_ bytes: [UInt8], dimensions: Int, path: String = "<memory>",
                             decompressed: Bool = false) throws(DataError) -> IDXArray {
        let shape = try validatedShape(bytes, dimensions: dimensions, path: path, decompressed: decompressed)
        return IDXArray(shape: shape, bytes: Array(bytes[headerLength(dimensions)...]))
    }

    /// The length of the header before the data.
    static func headerLength(_ dimensions: Int) -> Int { 4 + 4 * dimensions }

    /// The shape in the header of `bytes`, after checking the magic and that the data after
    /// the header fills the shape exactly.
    static func validatedShape(_ bytes: [UInt8], dimensions: Int, path: String,
                               decompressed: Bool) throws(DataError) -> [Int] {
        let (shape, fileSize) = try announcedSize(bytes, dimensions: dimensions, path: path, decompressed: decompressed)
        try checkLength(bytes.count, shape: shape, size: fileSize, dimensions: dimensions, path: path,
                        decompressed: decompressed)
        return shape
    }

    /// Throws unless `length`, the length of a file or of its decompressed contents, is the
    /// `size` that its header's `shape` implies.
    static func checkLength(_ length: Int, shape: [Int], size: Int, dimensions: Int, path: String,
                            decompressed: Bool) throws(DataError) {
        let headerLength = headerLength(dimensions)
        guard size <= length else {
            throw DataError(.truncated(expected: "\(size - headerLength) data bytes for shape \(shape) from byte \(headerLength)"),
                            path: path, offset: length, inDecompressedData: decompressed)
        }
        guard size == length else {
            throw DataError(.trailingBytes(count: length - size), path: path, offset: size, inDecompressedData: decompressed)
        }
    }

    /// The shape in the header at the start of `bytes` and the file size it implies, after
    /// checking the magic and that the size fits in an `Int`; only the header need be there.
    static func announcedSize(_ bytes: [UInt8], dimensions: Int, path: String,
                              decompressed: Bool) throws(DataError) -> (shape: [Int], fileSize: Int) {
        func fail(_ reason: DataError.Reason, at offset: Int) -> DataError {
            DataError(reason, path: path, offset: offset, inDecompressedData: decompressed)
        }
        guard bytes.count >= 4 else {
            throw fail(.truncated(expected: "the 4-byte IDX magic number"), at: bytes.count)
        }
        let expectedMagic: [UInt8] = [0, 0, unsignedByte, UInt8(dimensions)]
        if bytes[0] == 0, bytes[1] == 0, otherTypes.contains(bytes[2]) {
            throw fail(.unsupported("IDX element type 0x\(String(bytes[2], radix: 16)); only unsigned bytes (0x08)"), at: 2)
        }
        guard Array(bytes[0..<4]) == expectedMagic else {
            throw fail(.badMagic(found: Array(bytes[0..<4]), expected: expectedMagic), at: 0)
        }
        let headerLength = headerLength(dimensions)
        guard bytes.count >= headerLength else {
            throw fail(.truncated(expected: "\(dimensions) dimension sizes"), at: bytes.count)
        }
        var shape: [Int] = []
        // The sizes other than 0 must multiply without overflow even when one is 0, as a
        // tensor's strides multiply them.
        var product = 1
        for axis in 0..<dimensions {
            let offset = 4 + 4 * axis
            let size = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let (next, overflow) = product.multipliedReportingOverflow(by: max(size, 1))
            guard !overflow else {
                throw fail(.badHeader("dimension sizes \(shape + [size]) overflow the element count"), at: offset)
            }
            shape.append(size)
            product = next
        }
        let elementCount = shape.contains(0) ? 0 : product
        let (fileSize, overflow) = elementCount.addingReportingOverflow(headerLength)
        guard !overflow else {
            throw fail(.badHeader("dimension sizes \(shape) overflow the file size"), at: 4)
        }
        return (shape, fileSize)
    }

    /// The IDX file bytes of `array` (uncompressed).
    ///
    /// ```swift
    /// let file = IDX.encode(IDXArray(shape: [2, 2, 2], bytes: [0, 255, 0, 255, 1, 2, 3, 4]))
    /// ```
    public static func encode(_ array: IDXArray) -> [UInt8] {
        var out: [UInt8] = [0, 0, unsignedByte, UInt8(array.shape.count)]
        for size in array.shape {
            out += [UInt8(truncatingIfNeeded: size >> 24), UInt8(truncatingIfNeeded: size >> 16),
                    UInt8(truncatingIfNeeded: size >> 8), UInt8(truncatingIfNeeded: size)]
        }
        return out + array.bytes
    }

    /// Reads an images file (`N x H x W` bytes) and a labels file (`N` bytes in
    /// `0..<classNames.count`) into a data set of `N x H x W x 1` images with pixels 0...255.
    ///
    /// ```swift
    /// let test = try IDX.loadDataset(images: "Data/t10k-images-idx3-ubyte.gz",
    ///                                labels: "Data/t10k-labels-idx1-ubyte.gz",
    ///                                classNames: FashionMNIST.classNames)
    /// ```
    public static func loadDataset(images imagesPath: String, labels labelsPath: String, classNames: [String],
                                   description: String = "IDX") throws(DataError) -> Dataset {
        let images = try IDXFile(path: imagesPath, dimensions: 3, expected: "\(description) images (IDX, 3 dimensions)")
        let labels = try IDXFile(path: labelsPath, dimensions: 1, expected: "\(description) labels (IDX, 1 dimension)")
        // Both headers are checked against each other and against memory before either file's data is read.
        try checkCounts(labels: labels.shape[0], images: images.shape[0], imagesPath: imagesPath, labelsPath: labelsPath,
                        labelsDecompressed: labels.decompressed)
        let elements = images.shape.reduce(1, *)
        let needed = bytesNeeded([(1, images.compressedCount), (1, labels.compressedCount), (1, images.size), (1, labels.size),
                                  (elements, MemoryLayout<Float>.size), (labels.shape[0], MemoryLayout<Int>.size)])
        try DataFile.checkMemory(needed, for: "the shape \(images.shape) that the IDX header announces", path: imagesPath, offset: 4,
                                 inDecompressedData: images.decompressed)
        return try dataset(images: (try images.contents(), imagesPath, images.decompressed),
                           labels: (try labels.contents(), labelsPath, labels.decompressed), classNames: classNames)
    }

    /// Throws unless the labels file announces as many labels as the images file images.
    static func checkCounts(labels: Int, images: Int, imagesPath: String, labelsPath: String,
                            labelsDecompressed: Bool) throws(DataError) {
        guard labels != images else { return }
        throw DataError(.mismatch("\(labels) labels but \(images) images in \(imagesPath)"),
                        path: labelsPath, offset: 4, inDecompressedData: labelsDecompressed)
    }

    /// The data set of an images file's and a labels file's (decompressed) bytes, after
    /// checking both, that they agree, and the label ranges.
    static func dataset(images: (bytes: [UInt8], path: String, decompressed: Bool),
                        labels: (bytes: [UInt8], path: String, decompressed: Bool),
                        classNames: [String]) throws(DataError) -> Dataset {
        // Converts straight from the decompressed bytes: no copy of the tens of megabytes of pixels.
        let (imagesPath, imagesDecompressed) = (images.path, images.decompressed)
        let (labelsPath, labelsDecompressed) = (labels.path, labels.decompressed)
        let (images, labels) = (images.bytes, labels.bytes)
        let shape = try validatedShape(images, dimensions: 3, path: imagesPath, decompressed: imagesDecompressed)
        let labelCount = try validatedShape(labels, dimensions: 1, path: labelsPath, decompressed: labelsDecompressed)[0]
        try checkCounts(labels: labelCount, images: shape[0], imagesPath: imagesPath, labelsPath: labelsPath,
                        labelsDecompressed: labelsDecompressed)
        let labelStart = headerLength(1)
        for offset in labelStart..<labels.count where Int(labels[offset]) >= classNames.count {
            throw DataError(.labelOutOfRange(label: Int(labels[offset]), classes: classNames.count), path: labelsPath,
                            offset: offset, inDecompressedData: labelsDecompressed)
        }
        return Dataset(images: Tensor(pixels: images, from: headerLength(3), shape: shape + [1]),
                       labels: labels[labelStart...].map(Int.init), classNames: classNames)
    }
}

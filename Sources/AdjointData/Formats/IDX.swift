/// An n-dimensional array of unsigned bytes as stored in an IDX file.
///
/// ```swift
/// let labels = IDXArray(shape: [3], bytes: [7, 2, 1])
/// let file = IDX.encode(labels)   // 00 00 08 01 | 00 00 00 03 | 07 02 01
/// ```
public struct IDXArray: Equatable, Sendable {
    /// The size of each dimension, outermost first.
    public var shape: [Int]
    /// The elements in row-major order.
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
/// length against the header, and label ranges; errors name the path and byte.
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
        let (bytes, decompressed) = try DataFile.contents(of: path, expected: expected)
        return try parse(bytes, dimensions: dimensions, path: path, decompressed: decompressed)
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
        var elementCount = 1
        for axis in 0..<dimensions {
            let offset = 4 + 4 * axis
            let size = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: size)
            guard !overflow else {
                throw fail(.badHeader("dimension sizes \(shape + [size]) overflow the element count"), at: offset)
            }
            shape.append(size)
            elementCount = product
        }
        let available = bytes.count - headerLength
        guard elementCount <= available else {
            throw fail(.truncated(expected: "\(elementCount) data bytes for shape \(shape) from byte \(headerLength)"),
                       at: bytes.count)
        }
        guard elementCount == available else {
            throw fail(.trailingBytes(count: available - elementCount), at: headerLength + elementCount)
        }
        return shape
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
        // Converts straight from the decompressed bytes: no copy of the tens of megabytes of pixels.
        let (images, imagesDecompressed) = try DataFile.contents(of: imagesPath, expected: "\(description) images (IDX, 3 dimensions)")
        let shape = try validatedShape(images, dimensions: 3, path: imagesPath, decompressed: imagesDecompressed)
        let (labels, labelsDecompressed) = try DataFile.contents(of: labelsPath, expected: "\(description) labels (IDX, 1 dimension)")
        let labelCount = try validatedShape(labels, dimensions: 1, path: labelsPath, decompressed: labelsDecompressed)[0]
        guard labelCount == shape[0] else {
            throw DataError(.mismatch("\(labelCount) labels but \(shape[0]) images in \(imagesPath)"),
                            path: labelsPath, offset: 4, inDecompressedData: labelsDecompressed)
        }
        let labelStart = headerLength(1)
        for offset in labelStart..<labels.count where Int(labels[offset]) >= classNames.count {
            throw DataError(.labelOutOfRange(label: Int(labels[offset]), classes: classNames.count), path: labelsPath,
                            offset: offset, inDecompressedData: labelsDecompressed)
        }
        return Dataset(images: Tensor(pixels: images, from: headerLength(3), shape: shape + [1]),
                       labels: labels[labelStart...].map(Int.init), classNames: classNames)
    }
}

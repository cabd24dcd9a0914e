import Foundation
import Testing
@testable import AdjointData

/// Headers that announce more than the files hold or the machine can take: each is refused
/// from the header and the file sizes, before the data is decompressed or read.
///
/// The `.gz` files below hold a valid IDX header and then zeros with a wrong trailer, so a
/// reader that decompressed them before checking would fail with a checksum error instead;
/// the plain files are sparse, so their size costs no disk, and `bytesReadSoFar` shows that
/// they were not read.
@Suite(.serialized, .timeLimit(.minutes(1))) struct DataBoundsTests {
    /// The big-endian IDX header of unsigned bytes in `shape`.
    static func header(_ shape: [Int]) -> [UInt8] {
        [0, 0, 8, UInt8(shape.count)] + shape.flatMap { size in (0..<4).reversed().map { UInt8(truncatingIfNeeded: size >> (8 * $0)) } }
    }

    /// A gzip file holding the IDX header of `shape` and then zeros, long enough that its
    /// compressed size can hold what the header announces; its trailer matches nothing.
    static func gzipAnnouncing(_ shape: [Int]) -> [UInt8] {
        let announced = IDX.headerLength(shape.count) + shape.reduce(1, *)
        let padding = announced / Gzip.maximumRatio + 1024
        return gzipMember(storedDeflate(header(shape) + [UInt8](repeating: 0, count: padding)), of: [])
    }

    @Test func aGzipAnnouncingMoreImagesThanMemoryAllowsIsRefusedBeforeDecompressing() throws {
        // 12 million 28x28 images, as in the report, or more on a machine large enough to hold them.
        let count = max(12_000_000, DataFile.memoryLimit / (2 * 28 * 28) + 1)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = directory.appendingPathComponent("train-images-idx3-ubyte.gz").path
        let labels = directory.appendingPathComponent("train-labels-idx1-ubyte.gz").path
        let imagesFile = Self.gzipAnnouncing([count, 28, 28]), labelsFile = Self.gzipAnnouncing([count])
        #expect(imagesFile.count < 10_000_000 || count > 12_000_000)
        try Data(imagesFile).write(to: URL(fileURLWithPath: images))
        try Data(labelsFile).write(to: URL(fileURLWithPath: labels))

        let what = "the shape [\(count), 28, 28] that the IDX header announces"
        let readError = try #require(throws: DataError.self) { try IDX.read(images, dimensions: 3, expected: "images") }
        #expect(readError.reason == .needsTooMuchMemory(what: what, needed: imagesFile.count + 2 * (16 + count * 784)))
        #expect(readError.description == "\(images): byte 4 of the decompressed data: \(what) needs "
                + "\(imagesFile.count + 2 * (16 + count * 784)) bytes of memory to load, more than the "
                + "\(DataFile.memoryLimit) allowed (half of this machine's memory)")

        // The data set needs the bytes of both files, the Float images and the Int labels.
        let loadError = try #require(throws: DataError.self) {
            try IDX.loadDataset(images: images, labels: labels, classNames: FashionMNIST.classNames)
        }
        let needed = imagesFile.count + labelsFile.count + (16 + count * 784) + (8 + count) + 4 * count * 784 + 8 * count
        #expect(loadError.reason == .needsTooMuchMemory(what: what, needed: needed))
        #expect(loadError.path == images && loadError.offset == 4 && loadError.inDecompressedData)
    }

    @Test func mismatchedAnnouncedCountsAreRefusedBeforeTheImagesAreDecompressed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = directory.appendingPathComponent("t10k-images-idx3-ubyte.gz").path
        let labels = directory.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path
        let imagesFile = Self.gzipAnnouncing([2_700_000, 28, 28])
        #expect(imagesFile.count < 2_100_000)
        try Data(imagesFile).write(to: URL(fileURLWithPath: images))
        let sixHundred = IDX.encode(IDXArray(shape: [600], bytes: [UInt8](repeating: 3, count: 600)))
        try Data(gzipMember(storedDeflate(sixHundred), of: sixHundred)).write(to: URL(fileURLWithPath: labels))

        let error = try #require(throws: DataError.self) {
            try FashionMNIST.load(.test, from: directory.path)
        }
        #expect(error.description == "\(labels): byte 4 of the decompressed data: 600 labels but 2700000 images in \(images)")
    }

    @Test func aSparsePlainIDXFileIsRefusedByItsSizeWithoutBeingRead() throws {
        let directory = try sparseDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = directory.appendingPathComponent("train-images-idx3-ubyte").path
        let announced = 16 + 2_700_000 * 28 * 28
        try writeSparseFile(images, header: Self.header([2_700_000, 28, 28]), size: 3 << 30)
        let labels = directory.appendingPathComponent("train-labels-idx1-ubyte").path
        try writeSparseFile(labels, header: Self.header([2_700_000]), size: 8 + 2_700_000)

        let before = try bytesReadSoFar()
        let error = try #require(throws: DataError.self) { try FashionMNIST.load(.train, from: directory.path) }
        #expect(error.description == "\(images): byte \(announced): \((3 << 30) - announced) unexpected bytes after the end of the data")
        #expect(try bytesReadSoFar() - before < 64 << 20)
    }

    @Test func mismatchedCountsInPlainFilesAreRefusedWithoutReadingEither() throws {
        let directory = try sparseDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = directory.appendingPathComponent("images-idx3-ubyte").path
        try writeSparseFile(images, header: Self.header([2_700_000, 28, 28]), size: 16 + 2_700_000 * 28 * 28)
        let labels = directory.appendingPathComponent("labels-idx1-ubyte").path
        try writeSparseFile(labels, header: Self.header([600]), size: 8 + 600)

        let before = try bytesReadSoFar()
        let error = try #require(throws: DataError.self) {
            try IDX.loadDataset(images: images, labels: labels, classNames: FashionMNIST.classNames)
        }
        #expect(error.description == "\(labels): byte 4: 600 labels but 2700000 images in \(images)")
        #expect(try bytesReadSoFar() - before < 64 << 20)
    }

    @Test func aPlainIDXFileNeedingMoreThanMemoryAllowsIsRefusedBeforeReading() throws {
        let directory = try sparseDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Exactly the size its header announces, so only the memory bound can refuse it.
        let count = DataFile.memoryLimit / (2 * 28 * 28) + 1
        let path = directory.appendingPathComponent("images-idx3-ubyte").path
        try writeSparseFile(path, header: Self.header([count, 28, 28]), size: 16 + count * 784)

        let before = try bytesReadSoFar()
        let error = try #require(throws: DataError.self) { try IDX.read(path, dimensions: 3, expected: "images") }
        #expect(error.reason == .needsTooMuchMemory(what: "the shape [\(count), 28, 28] that the IDX header announces",
                                                    needed: 2 * (16 + count * 784)))
        #expect(error.offset == 4 && !error.inDecompressedData)
        #expect(try bytesReadSoFar() - before < 64 << 20)
    }

    @Test func aCIFARFileOfPartialRecordsIsRefusedBeforeReading() throws {
        let directory = try sparseDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // One byte short of 100,000 records: within the most a CIFAR file may hold.
        let size = 3073 * 100_000 - 1
        let path = directory.appendingPathComponent("test_batch.bin").path
        try writeSparseFile(path, header: [], size: size)

        let before = try bytesReadSoFar()
        let error = try #require(throws: DataError.self) { try CIFAR10.load(.test, from: directory.path) }
        #expect(error.description == "\(path): byte \(3073 * 99_999): file size \(size) is not a multiple of the "
                + "3073-byte record; the partial record starts here")
        #expect(try bytesReadSoFar() - before < 64 << 20)
    }
}

/// A fresh directory on a disk file system, for sparse files (which a RAM file system may cap).
func sparseDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("adjoint-bounds-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// Writes `header` at `path` and extends the file to `size` bytes without writing them.
func writeSparseFile(_ path: String, header: [UInt8], size: Int) throws {
    try Data(header).write(to: URL(fileURLWithPath: path))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.truncate(atOffset: UInt64(size))
    try handle.close()
}

/// The bytes this process has read from files so far (`rchar` in Linux's /proc/self/io).
func bytesReadSoFar() throws -> Int {
    struct NoCounter: Error {}
    let text = try String(contentsOfFile: "/proc/self/io", encoding: .utf8)
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("rchar:") }),
          let count = Int(line.dropFirst("rchar:".count).trimmingCharacters(in: .whitespaces)) else { throw NoCounter() }
    return count
}

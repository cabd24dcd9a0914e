import Foundation
import Testing
@testable import AdjointData

@Suite("Data: IDX files and MNIST-layout directories")
struct DataIDXTests {
    /// Three 4x5 images with distinct pixels and their labels.
    static let images = IDXArray(shape: [3, 4, 5], bytes: (0..<60).map { UInt8($0 * 4) })
    static let labels = IDXArray(shape: [3], bytes: [2, 0, 9])

    @Test func encodeAndParseRoundTrip() throws {
        let file = IDX.encode(Self.images)
        #expect(Array(file[0..<8]) == [0, 0, 8, 3, 0, 0, 0, 3])
        #expect(try IDX.parse(file, dimensions: 3) == Self.images)
        #expect(try IDX.parse(IDX.encode(Self.labels), dimensions: 1) == Self.labels)
    }

    @Test func plainAndGzipFilesLoadAsADataset() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Training images plain, training labels compressed by the system gzip: both are found.
        _ = try directory.write(IDX.encode(Self.images), to: "train-images-idx3-ubyte")
        _ = try gzipFile(IDX.encode(Self.labels), named: "train-labels-idx1-ubyte", in: directory)
        try FileManager.default.removeItem(atPath: directory.file("train-labels-idx1-ubyte"))
        let train = try FashionMNIST.load(.train, from: directory.path)
        #expect(train.images.shape == [3, 4, 5, 1])
        #expect(train.imageShape == [4, 5, 1])
        #expect(train.labels == [2, 0, 9])
        #expect(train.classNames == FashionMNIST.classNames)
        #expect(train.images.scalars == Self.images.bytes.map(Float.init))
        #expect(train[2].image.shape == [4, 5, 1])
        #expect(train[2].image[3, 4, 0] == Float(Self.images.bytes[59]))
        #expect(train[2].label == 9)
    }

    @Test func missingFilesNameThePathAndWhatWasExpected() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let error = dataError { () throws(DataError) in try FashionMNIST.load(.test, from: directory.path) }
        #expect(error?.path == directory.file("t10k-images-idx3-ubyte.gz"))
        guard case .missingFile(let expected) = error?.reason else { Issue.record("\(String(describing: error))"); return }
        #expect(expected.contains("Fashion-MNIST test images"))

        _ = try directory.write(IDX.encode(Self.images), to: "t10k-images-idx3-ubyte")
        let labels = dataError { () throws(DataError) in try MNIST.load(.test, from: directory.path) }
        #expect(labels?.path == directory.file("t10k-labels-idx1-ubyte.gz"))
    }

    @Test func badMagicAndUnsupportedTypesNameTheByte() throws {
        // A labels file where images are expected: the magic's dimension count differs.
        let swapped = dataError { () throws(DataError) in try IDX.parse(IDX.encode(Self.labels), dimensions: 3, path: "f") }
        #expect(swapped == DataError(.badMagic(found: [0, 0, 8, 1], expected: [0, 0, 8, 3]), path: "f", offset: 0))
        let text = dataError { () throws(DataError) in try IDX.parse(Array("hello world".utf8), dimensions: 1) }
        #expect(text?.offset == 0)
        var floats = IDX.encode(Self.labels)
        floats[2] = 0x0D
        let unsupported = dataError { () throws(DataError) in try IDX.parse(floats, dimensions: 1) }
        #expect(unsupported?.offset == 2)
        guard case .unsupported = unsupported?.reason else { Issue.record("\(String(describing: unsupported))"); return }
    }

    @Test func lengthMustMatchTheHeader() {
        let file = IDX.encode(Self.images)
        let short = dataError { () throws(DataError) in try IDX.parse(Array(file.dropLast(7)), dimensions: 3, path: "s") }
        #expect(short?.offset == file.count - 7)
        guard case .truncated = short?.reason else { Issue.record("\(String(describing: short))"); return }
        let header = dataError { () throws(DataError) in try IDX.parse(Array(file[0..<10]), dimensions: 3) }
        #expect(header?.offset == 10)
        let long = dataError { () throws(DataError) in try IDX.parse(file + [1, 2], dimensions: 3, path: "l") }
        #expect(long == DataError(.trailingBytes(count: 2), path: "l", offset: file.count))
        let empty = dataError { () throws(DataError) in try IDX.parse([], dimensions: 1) }
        #expect(empty?.offset == 0)
    }

    @Test func labelsOutOfRangeAndCountMismatchesAreReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let images = try directory.write(IDX.encode(Self.images), to: "images")
        let badLabels = try gzipFile(IDX.encode(IDXArray(shape: [3], bytes: [1, 10, 2])), named: "labels", in: directory)
        let range = dataError { () throws(DataError) in
            try IDX.loadDataset(images: images, labels: badLabels, classNames: FashionMNIST.classNames)
        }
        #expect(range == DataError(.labelOutOfRange(label: 10, classes: 10), path: badLabels, offset: 9,
                                   inDecompressedData: true))
        #expect(range?.description.contains("byte 9 of the decompressed data") == true)

        let twoLabels = try directory.write(IDX.encode(IDXArray(shape: [2], bytes: [1, 2])), to: "two")
        let mismatch = dataError { () throws(DataError) in
            try IDX.loadDataset(images: images, labels: twoLabels, classNames: MNIST.classNames)
        }
        #expect(mismatch?.path == twoLabels)
        guard case .mismatch = mismatch?.reason else { Issue.record("\(String(describing: mismatch))"); return }
    }

    @Test func headerErrorsInsideGzipCountDecompressedBytes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try gzipFile(Array(IDX.encode(Self.images).dropLast()), named: "images", in: directory)
        let error = dataError { () throws(DataError) in try IDX.read(path, dimensions: 3, expected: "images") }
        #expect(error?.inDecompressedData == true)
        #expect(error?.offset == 16 + 59)
    }
}

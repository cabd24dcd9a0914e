import Foundation
import Testing
@testable import AdjointData

@Suite("Data: CIFAR-10 and CIFAR-100 binary files")
struct DataCIFARTests {
    /// The test pattern: pixel `p` of channel `c` of image `n`.
    static func pixel(_ n: Int, _ c: Int, _ p: Int) -> UInt8 { UInt8((n * 7 + c * 50 + p) % 256) }

    /// Records with the given label bytes, pixels planar as in the files.
    static func records(labels: [[UInt8]], firstImage: Int = 0) -> [UInt8] {
        var bytes: [UInt8] = []
        for (k, recordLabels) in labels.enumerated() {
            bytes += recordLabels
            for c in 0..<3 { bytes += (0..<1024).map { pixel(firstImage + k, c, $0) } }
        }
        return bytes
    }

    @Test func cifar10BatchesLoadInNHWC() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let folder = root.file(CIFAR10.archiveFolder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for batch in 1...5 {
            let bytes = Self.records(labels: [[UInt8(batch)], [UInt8(9 - batch)]], firstImage: 2 * (batch - 1))
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/data_batch_\(batch).bin"))
        }
        try Data(Self.records(labels: [[3], [8], [0]])).write(to: URL(fileURLWithPath: folder + "/test_batch.bin"))

        let train = try CIFAR10.load(.train, from: root.path)   // finds the unpacked folder
        #expect(train.images.shape == [10, 32, 32, 3])
        #expect(train.labels == [1, 8, 2, 7, 3, 6, 4, 5, 5, 4])
        #expect(train.classNames[train.labels[0]] == "automobile")
        for (n, y, x, c) in [(0, 0, 0, 0), (3, 5, 7, 1), (9, 31, 31, 2), (6, 17, 2, 0)] {
            #expect(train.images[n, y, x, c] == Float(Self.pixel(n, c, y * 32 + x)))
        }
        let test = try CIFAR10.load(.test, from: folder)
        #expect(test.labels == [3, 8, 0])
        #expect(try CIFAR10.readBatch(folder + "/test_batch.bin").images == test.images)
    }

    @Test func cifar100CoarseOrFineLabels() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bytes = Self.records(labels: [[19, 99], [0, 4], [7, 50]])
        _ = try directory.write(bytes, to: "train.bin")
        let fine = try CIFAR100.load(.train, from: directory.path)
        #expect(fine.labels == [99, 4, 50])
        #expect(fine.classCount == 100)
        #expect(fine.classNames[99] == "worm")
        let coarse = try CIFAR100.load(.train, from: directory.path, labels: .coarse)
        #expect(coarse.labels == [19, 0, 7])
        #expect(coarse.classNames == CIFAR100.coarseClassNames)
        #expect(coarse.classNames[19] == "vehicles_2")
        #expect(coarse.images == fine.images)
        #expect(coarse.images[2, 1, 2, 2] == Float(Self.pixel(2, 2, 34)))
        #expect(CIFAR100.coarseClassNames.count == 20 && CIFAR100.fineClassNames.count == 100)
        #expect(Set(CIFAR100.fineClassNames).count == 100)
    }

    @Test func partialRecordsNameWhereTheyStart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(Self.records(labels: [[1], [2]]) + [5, 6, 7], to: "data_batch_1.bin")
        let error = dataError { () throws(DataError) in try CIFAR10.readBatch(path) }
        #expect(error == DataError(.partialRecord(recordSize: 3073, fileSize: 2 * 3073 + 3), path: path, offset: 2 * 3073))
        #expect(error?.description.contains("byte 6146") == true)

        let hundred = try directory.write(Array(Self.records(labels: [[1, 1]]).dropLast()), to: "test.bin")
        let short = dataError { () throws(DataError) in try CIFAR100.load(.test, from: directory.path) }
        #expect(short == DataError(.partialRecord(recordSize: 3074, fileSize: 3073), path: hundred, offset: 0))
    }

    @Test func labelsOutOfRangeNameTheirByte() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ten = try directory.write(Self.records(labels: [[1], [10]]), to: "b.bin")
        #expect(dataError { () throws(DataError) in try CIFAR10.readBatch(ten) }
            == DataError(.labelOutOfRange(label: 10, classes: 10), path: ten, offset: 3073))
        // Both labels are checked, even when the other one is used.
        let hundred = try directory.write(Self.records(labels: [[0, 0], [20, 5]]), to: "c.bin")
        #expect(dataError { () throws(DataError) in try CIFAR100.readFile(hundred, labels: .fine) }
            == DataError(.labelOutOfRange(label: 20, classes: 20), path: hundred, offset: 3074))
        let fine = try directory.write(Self.records(labels: [[0, 100]]), to: "d.bin")
        #expect(dataError { () throws(DataError) in try CIFAR100.readFile(fine) }?.offset == 1)
    }

    @Test func missingBatchNamesThePath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for batch in [1, 2, 4, 5] { _ = try directory.write(Self.records(labels: [[0]]), to: "data_batch_\(batch).bin") }
        let error = dataError { () throws(DataError) in try CIFAR10.load(.train, from: directory.path) }
        #expect(error?.path == directory.file("data_batch_3.bin"))
        guard case .missingFile(let expected) = error?.reason else { Issue.record("\(String(describing: error))"); return }
        #expect(expected.contains("batch 3 of 5"))
    }
}

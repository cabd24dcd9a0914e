import Foundation
import Testing
@testable import AdjointData

/// The tensor-by-tensor reader: what it refuses before reading (not a regular file, too large,
/// a header too long), the checksums it verifies, and that it reads what the whole-file reader does.
@Suite struct SafeTensorsReaderTests {
    let w = Tensor<Float>(linspace: -1, 1, count: 12).reshaped([3, 4])
    let b = Tensor<Double>([1.5, -2.25, 1e-300, .pi], shape: [2, 2])

    /// The refusal of `url` by both readers, checked to be the same one-line message.
    func refusal(_ url: URL) throws -> SafeTensorsError {
        let lazy = try #require(throws: SafeTensorsError.self) { try SafeTensors.open(url) }
        let whole = try #require(throws: SafeTensorsError.self) { try SafeTensors.read(from: url) }
        #expect(lazy == whole)
        #expect(!lazy.description.contains("\n") && !lazy.description.contains("NSCocoaErrorDomain"))
        return lazy
    }

    @Test func aDirectoryFIFOOrDeviceIsNamedForWhatItIs() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("model.safetensors")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        #expect(try refusal(folder).description == "checkpoint \(folder.path): it is a directory, not a file")

        // Opening a FIFO nobody writes to must not wait for a writer.
        let fifo = directory.appendingPathComponent("fifo.safetensors")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(try refusal(fifo).description == "checkpoint \(fifo.path): it is a named pipe (FIFO), not a file")

        let zero = URL(fileURLWithPath: "/dev/zero")
        #expect(try refusal(zero).description == "checkpoint /dev/zero: it is a character device, not a file")
    }

    @Test func aMissingOrUnreadableFileGivesTheSystemsReason() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("none.safetensors")
        #expect(try refusal(missing).problem == .unreadable(reason: "No such file or directory"))
    }

    @Test func aSparseTerabyteFileIsRefusedBeforeReading() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("huge.safetensors")
        try SafeTensors.write([("w", w)], to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 1 << 40)
        try handle.close()
        #expect(try refusal(url).problem == .tooLarge(fileSize: 1 << 40, limit: SafeTensorsReader.maximumFileSize))
    }

    @Test func aHeaderLongerThanTheBoundIsRefusedWithoutReadingIt() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("long-header.safetensors")
        let length = UInt64(SafeTensorsLayout.maximumHeaderLength + 8)
        try Data(withUnsafeBytes(of: length.littleEndian) { Array($0) }).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: length + 64)
        try handle.close()
        #expect(try refusal(url).problem == .headerTooLong(headerLength: Int(length), limit: SafeTensorsLayout.maximumHeaderLength))
    }

    @Test func tensorsAreReadOneAtATimeAsTheWholeFileReaderReadsThem() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("pair.safetensors")
        try SafeTensors.write([("fc1_w", StoredTensor(w)), ("fc1_b", StoredTensor(b))], metadata: ["epoch": "7"],
                              checksums: true, to: url)
        let file = try SafeTensors.open(url)
        #expect(file.names == ["fc1_w", "fc1_b"] && file.metadata["epoch"] == "7")
        #expect(file.contains("fc1_b") && !file.contains("fc2_w"))
        #expect(try file.tensor(named: "fc1_b", as: Double.self, shape: [2, 2]) == b)
        #expect(try file.tensor(named: "fc1_w", as: Float.self) == w)
        #expect(try SafeTensors.read(from: url).tensor(named: "fc1_w", as: Float.self) == w)
        // The dtype and shape are compared before anything is read.
        #expect(throws: SafeTensorsError(file: url.path, problem: .shapeMismatch(tensor: "fc1_w", expected: [4, 3], found: [3, 4]))) {
            try file.tensor(named: "fc1_w", as: Float.self, shape: [4, 3])
        }
        #expect(throws: SafeTensorsError(file: url.path, problem: .dtypeMismatch(tensor: "fc1_b", expected: "F32", found: "F64"))) {
            try file.tensor(named: "fc1_b", as: Float.self)
        }
    }

    /// The file's bytes, the data section's start and the byte range of tensor `name`.
    func layout(of url: URL, tensor name: String) throws -> (bytes: [UInt8], range: Range<Int>) {
        let bytes = [UInt8](try Data(contentsOf: url))
        let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as? [String: Any])
        let offsets = try #require((header[name] as? [String: Any])?["data_offsets"] as? [Int])
        return (bytes, (8 + headerLength + offsets[0])..<(8 + headerLength + offsets[1]))
    }

    @Test func aFlippedBitFailsTheTensorsChecksum() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("flipped.safetensors")
        try SafeTensors.write([("fc1_w", StoredTensor(w)), ("fc1_b", StoredTensor(b))], checksums: true, to: url)
        var (bytes, range) = try layout(of: url, tensor: "fc1_w")
        // The lowest mantissa bit of the first weight: still a finite, plausible value.
        bytes[range.lowerBound] ^= 1
        try Data(bytes).write(to: url)

        let file = try SafeTensors.open(url)
        #expect(try file.tensor(named: "fc1_b", as: Double.self) == b, "an undamaged tensor still reads")
        let error = try #require(throws: SafeTensorsError.self) { try file.tensor(named: "fc1_w", as: Float.self) }
        guard case .checksumMismatch(let tensor, let stored, let computed) = error.problem else {
            Issue.record("not a checksum error: \(error)")
            return
        }
        #expect(tensor == "fc1_w" && stored != computed)
        #expect(error.description.hasPrefix("checkpoint \(url.path): tensor \"fc1_w\" fails its checksum"))
        #expect(throws: SafeTensorsError.self) { try SafeTensors.read(from: url) }
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(Data(bytes), file: url.path) }
    }

    @Test func aChangedMetadataValueFailsTheMetadataChecksum() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("metadata.safetensors")
        try SafeTensors.write([("fc1_w", w)], metadata: ["epoch": "7"], checksums: true, to: url)
        var bytes = [UInt8](try Data(contentsOf: url))
        let seven = try #require(bytes.indices.first { bytes[$0...].starts(with: Array(#""epoch": "7""#.utf8)) })
        bytes[seven + 10] = UInt8(ascii: "9")
        try Data(bytes).write(to: url)
        let error = try refusal(url)
        #expect(error.description.hasPrefix("checkpoint \(url.path): the metadata fails its checksum"))
    }

    @Test func aFileWithoutChecksumsIsReadUnchecked() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("plain.safetensors")
        // A stale `checksums` entry is not copied into a file written without checksums.
        try SafeTensors.write([("fc1_w", w)], metadata: ["checksums": "{}"], to: url)
        let file = try SafeTensors.open(url)
        #expect(file.metadata.isEmpty)
        #expect(try file.tensor(named: "fc1_w", as: Float.self) == w)
    }

    @Test func checksumsAreTheSameForTheSameContent() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (first, second) = (directory.appendingPathComponent("a"), directory.appendingPathComponent("b"))
        for url in [first, second] {
            try SafeTensors.write([("fc1_w", StoredTensor(w)), ("fc1_b", StoredTensor(b))], metadata: ["x": "1", "a": "2"],
                                  checksums: true, to: url)
        }
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        #expect(try SafeTensors.open(first).metadata["checksums"]?.hasPrefix(#"{"__metadata__": ""#) == true)
    }
}

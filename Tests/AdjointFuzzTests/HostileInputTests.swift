import Foundation
import Testing
@testable import AdjointData
@testable import AdjointTraining

/// Hand-made hostile files: decompression bombs, headers whose arithmetic overflows, files
/// larger than their format allows. Each is refused with one line naming the file, in bounded
/// memory and time.
@Suite struct HostileInputTests {
    /// 4,200,000 matches of 258 zero bytes: about 1.08 GB of zeros from about 1 MB of input.
    static let bombMatches = 4_200_000
    static let bombSize = 1 + bombMatches * 258

    @Test func theBombGeneratorWritesAValidStream() throws {
        // A small bomb decodes to exactly the zeros it claims, so the big one is a real bomb.
        let raw = zeroBomb(prefix: [1, 2, 3], matches: 1000)
        #expect(try Inflate.decompress(raw) == [1, 2, 3] + [UInt8](repeating: 0, count: 1 + 258_000))
        let member = gzipMember(raw, of: [1, 2, 3] + [UInt8](repeating: 0, count: 1 + 258_000))
        #expect(try Gzip.decompress(member).count == 3 + 1 + 258_000)
    }

    @Test(.timeLimit(.minutes(1))) func aGzipBombStopsAtTheCallersMaximum() throws {
        let raw = zeroBomb(prefix: [], matches: Self.bombMatches)
        #expect(raw.count < 1_100_000 && Self.bombSize > 1_000_000_000)
        // The trailer is left zero: decoding must stop long before it is read.
        let bomb = gzipMember(raw, of: [])
        let error = try #require(throws: DataError.self) { try Gzip.decompress(bomb, path: "bomb.gz", maximumSize: 1 << 20) }
        #expect(error.reason == .decompressesPastLimit(limit: 1 << 20, source: "allowed"))
        #expect(error.description.hasPrefix("bomb.gz: byte ") && error.description.hasSuffix(": decompresses to more than the 1048576 bytes allowed"))

        let rawError = try #require(throws: DataError.self) { try Inflate.decompress(raw, path: "bomb.deflate", maximumSize: 4096) }
        #expect(rawError.reason == .decompressesPastLimit(limit: 4096, source: "allowed"))
    }

    @Test(.timeLimit(.minutes(1))) func aGzipBombBehindAValidIDXHeaderStopsAtTheAnnouncedSize() throws {
        let header: [UInt8] = [0, 0, 8, 1, 0, 0, 0x03, 0xE8]   // 1000 labels
        let bomb = gzipMember(zeroBomb(prefix: header, matches: Self.bombMatches), of: [])
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path
        try Data(bomb).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: DataError.self) { try IDX.read(path, dimensions: 1, expected: "labels") }
        #expect(error.reason == .decompressesPastLimit(limit: 1008, source: "its IDX header announces"))
        #expect(error.description.hasSuffix(": decompresses to more than the 1008 bytes its IDX header announces"))
        #expect(error.description.hasPrefix(path + ": byte "))
    }

    @Test func anIDXHeaderAnnouncingMoreThanTheStreamCanHoldIsRefusedBeforeDecoding() throws {
        let header: [UInt8] = [0, 0, 8, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28]   // 60000 x 28 x 28
        let file = gzipMember(storedDeflate(header), of: header)
        let error = try #require(throws: DataError.self) {
            try IDX.contents(ofFile: file, gzip: true, dimensions: 3, path: "small.gz")
        }
        #expect(error.description == "small.gz: byte 4 of the decompressed data: bad header: the IDX header announces "
                + "47040016 bytes, but 39 compressed bytes decompress to at most 40248")
    }

    @Test func idxDimensionsWhoseProductOverflowsAreRefused() throws {
        let sizes: [UInt8] = [0x7F, 0xFF, 0xFF, 0xFF]
        let plain: [UInt8] = [0, 0, 8, 3] + sizes + sizes + sizes
        let error = try #require(throws: DataError.self) { try IDX.parse(plain, dimensions: 3, path: "huge-idx3-ubyte") }
        #expect(error.description == "huge-idx3-ubyte: byte 12: bad header: dimension sizes [2147483647, 2147483647, 2147483647] overflow the element count")

        // A zero size does not hide the overflow of the others, which a tensor's strides would hit.
        let withZero: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 8)
        let zeroError = try #require(throws: DataError.self) { try IDX.parse(withZero, dimensions: 3, path: "zero-idx3-ubyte") }
        #expect(zeroError.description == "zero-idx3-ubyte: byte 12: bad header: dimension sizes [0, 4294967295, 4294967295] overflow the element count")

        let gzipped = gzipMember(storedDeflate(plain), of: plain)
        let gzipError = try #require(throws: DataError.self) { try IDX.contents(ofFile: gzipped, gzip: true, dimensions: 3, path: "huge.gz") }
        #expect(gzipError.description == "huge.gz: byte 12 of the decompressed data: bad header: dimension sizes [2147483647, 2147483647, 2147483647] overflow the element count")
    }

    @Test func aCIFARFileLargerThanAnyCIFARFileIsRefusedWithoutReadingIt() throws {
        // A sparse 400 MB file: its size refuses it, nothing is read.
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("test_batch.bin")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 400_000_000)
        try handle.close()
        let error = try #require(throws: DataError.self) { try CIFAR10.readBatch(url.path) }
        let limit = 3073 * 100_000
        #expect(error.description == "\(url.path): byte \(limit): the file is larger than the \(limit) bytes "
                + "of 100000 records, the most a CIFAR file may hold")
    }

    @Test(.timeLimit(.minutes(1))) func anEndlessDeviceIsRefusedAsADevice() throws {
        // /dev/zero has no size and never ends: it is refused by its kind, before any byte is read.
        let error = try #require(throws: DataError.self) {
            try DataFile.read("/dev/zero", expected: "a small file", maximumSize: 4096, limitSource: "for a small file")
        }
        #expect(error.description == "/dev/zero: is a device (character special file), not a regular file; expected a small file")
    }

    @Test func aDeeplyNestedSafetensorsHeaderIsRefusedWithoutExhaustingTheStack() throws {
        let header = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        let file = littleEndian32(UInt32(header.count)) + [0, 0, 0, 0] + header
        let error = try #require(throws: SafeTensorsError.self) { try SafeTensors.decode(Data(file), file: "deep.safetensors") }
        #expect(error.description.hasPrefix("checkpoint deep.safetensors: malformed JSON header: not valid JSON"))
        #expect(!error.description.contains("\n"))
    }

    @Test func aTensorWhoseElementCountOverflowsStopsWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([0, 1 << 62, 4])
        }
        let standardError = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(standardError.contains("the element count of shape [0, 4611686018427387904, 4] overflows Int"))
    }
}

import Foundation
import Testing
@testable import AdjointData

/// The error `body` throws; records an issue when it accepts or throws something else.
func dataError(_ body: () throws -> Void) -> DataError? {
    do {
        try body()
        Issue.record("accepted")
    } catch let error as DataError {
        #expect(!error.description.contains("\n"), "\(error)")
        return error
    } catch {
        Issue.record("untyped error \(error)")
    }
    return nil
}

private func le(_ value: Int, _ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

/// A ZIP archive of one member named `name` whose stored bytes are `data`, with the method,
/// CRC-32 and uncompressed size given, not computed.
func oneMemberZip(_ name: String, method: Int, data: [UInt8], crc: UInt32, uncompressedSize: Int) -> [UInt8] {
    let fields = le(20, 2) + le(0, 2) + le(method, 2) + le(0, 4) + le(Int(crc), 4) + le(data.count, 4)
        + le(uncompressedSize, 4) + le(name.utf8.count, 2)
    let local = le(0x0403_4B50, 4) + fields + le(0, 2) + Array(name.utf8) + data
    let central = le(0x0201_4B50, 4) + le(20, 2) + fields + le(0, 12) + le(0, 4) + Array(name.utf8)
    return local + central + le(0x0605_4B50, 4) + le(0, 4) + le(1, 2) + le(1, 2) + le(central.count, 4) + le(local.count, 4) + le(0, 2)
}

/// `bytes` as one stored DEFLATE block.
func storedDeflateBlock(_ bytes: [UInt8]) -> [UInt8] { [1] + le(bytes.count, 2) + le(~bytes.count, 2) + bytes }

@Suite struct NumPyHostileTests {
    static let f4Header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"

    /// Each hostile header and data, the reason's text it must give and the byte it must name.
    static let npyCases: [(file: [UInt8], message: String, offset: Int)] = [
        (npyFile(f4Header, data: [UInt8](repeating: 0, count: 8)), "data ends early; expected 3 elements of <f4", 76),
        (npyFile(f4Header, data: [UInt8](repeating: 0, count: 13)), "1 unexpected bytes", 80),
        (Array(npyFile(f4Header).prefix(30)), "data ends early; expected a 58-byte header", 30),
        (Array(NPY.magic.prefix(3)), "data ends early; expected the 6-byte NumPy magic", 3),
        ([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 0, 0], "bad magic 0x504b03040000", 0),
        (NPY.magic + [4, 0, 0, 0], "unsupported: .npy version 4.0", 6),
        (NPY.magic + [2, 0] + le(20_000, 4) + [UInt8](repeating: 0x20, count: 100), "header length 20000 is more than 10000", 8),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 2), }"), "overflows the element count", 10),
        (npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,), }"), "overflows the file size", 10),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4611686018427387904, 4), }"), "overflows the element count", 10),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }"), "a shape size overflows Int", 61),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000,), }"), "data ends early; expected 1000000 elements", 74),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 1024), }"), "needs", 10),
        (npyFile("{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }"), "unsupported: NumPy dtype '<c8'", 20),
        (npyFile("{'descr': '|O', 'fortran_order': False, 'shape': (3,), }"), "unsupported: NumPy dtype '|O'", 20),
        (npyFile("{'descr': '<f4', 'fortran_order': 0, 'shape': (3,), }"), "'fortran_order' must be True or False", 44),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'descr': '<f4', 'shape': (3,)}"), "the key 'descr' appears twice", 51),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': 1}"), "unexpected key 'x'", 66),
        (npyFile("{'descr': '<f4', 'shape': (3,)}"), "lacks 'descr', 'fortran_order' or 'shape'", 41),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (3)}"), "needs a trailing comma", 62),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (-3,)}"), "expected a non-negative integer", 61),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (03,)}"), "leading zero", 61),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)} x"), "followed only by spaces", 66),
        (npyFile("{'descr': '<f4\\', 'fortran_order': False, 'shape': (3,)}"), "unexpected byte 0x5c", 24),
        (npyFile("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", data: [1, 2, 0]), "the bool byte 2", 69),
        (npyFile("{'descr': '>u8', 'fortran_order': False, 'shape': (1,), }", data: [0x80] + [UInt8](repeating: 0, count: 7)),
         "the uint64 9223372036854775808 is larger than Int.max", 68),
    ]

    @Test func hostileNpyFilesAreRefusedNamingTheByte() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (index, (file, message, offset)) in Self.npyCases.enumerated() {
            let decoded = dataError { _ = try NPY.decode(file, path: "bad.npy") }
            #expect(decoded?.path == "bad.npy" && decoded?.offset == offset, "case \(index): \(String(describing: decoded))")
            #expect(decoded?.description.contains(message) == true, "case \(index): \(String(describing: decoded))")
            // The file reader checks the header against the size before reading: the same error.
            let path = try directory.write(file, to: "\(index).npy")
            let read = dataError { _ = try NPY.read(path) }
            #expect(read?.reason == decoded?.reason && read?.offset == decoded?.offset && read?.path == path,
                    "case \(index): \(String(describing: read))")
        }
        #expect(dataError { _ = try NPY.read(directory.file("missing.npy")) }?.reason == .missingFile(expected: "a NumPy .npy file"))
        #expect(dataError { _ = try NPY.read(directory.path) }?.reason == .notARegularFile(.directory, expected: "a NumPy .npy file"))
    }

    static let member = NPY.encode(NumPyArray(shape: [3], storage: .float([1, 2, 3])))
    static let archive = NPZ.encode(["x": NumPyArray(shape: [3], storage: .float([1, 2, 3]))])
    /// Where the one central directory entry of `archive` starts.
    static let entry = 30 + 5 + member.count

    static func patched(_ bytes: [UInt8], at offset: Int, _ value: Int, _ count: Int) -> [UInt8] {
        var bytes = bytes
        bytes.replaceSubrange(offset..<(offset + count), with: le(value, count))
        return bytes
    }

    static var npzCases: [(file: [UInt8], message: String, offset: Int)] {
        let crc = CRC32.checksum(member)
        let deflated = storedDeflateBlock(member)
        var flipped = archive
        flipped[entry - 1] ^= 1
        return [
            (flipped, "checksum mismatch", entry + 16),
            (patched(archive, at: entry + 42, 0x00FF_FFFF, 4), "its local header at byte 16777215, past the central directory", entry + 42),
            (patched(archive, at: entry + 20, 0x7FFF_FFFF, 4), "claims 2147483647 bytes from byte 35", entry + 20),
            (patched(archive, at: entry + 24, 5, 4), "length mismatch: stored 5", entry + 24),
            (patched(archive, at: entry + 10, 12, 2), "compression method 12", entry + 10),
            (patched(archive, at: entry + 8, 1, 2), "encrypted", entry + 8),
            (patched(archive, at: archive.count - 22 + 16, entry + 1, 4), "passes the end record", archive.count - 22 + 12),
            (patched(archive, at: archive.count - 22 + 10, 0xFFFF, 2), "ZIP64", archive.count - 22 + 10),
            (patched(archive, at: 0, 0, 4), "bad magic 0x00000000", 0),
            (Array(archive.dropLast(1)), "expected a ZIP end of central directory record", archive.count - 1),
            (member, "bad magic 0x934e554d", 0),
            (oneMemberZip("x.npy", method: 8, data: deflated, crc: crc, uncompressedSize: 0xFFFF_FFF0),
             "decompress to at most", 35 + deflated.count + 24),
            (oneMemberZip("x.npy", method: 8, data: deflated, crc: crc, uncompressedSize: member.count + 1),
             "length mismatch", 35 + deflated.count + 24),
            (oneMemberZip("x.npy", method: 8, data: deflated + [0], crc: crc, uncompressedSize: member.count),
             "1 unexpected bytes", 35 + deflated.count),
            (oneMemberZip("x.txt", method: 0, data: member, crc: crc, uncompressedSize: member.count),
             "member 'x.txt' is not a .npy array", 35 + member.count + 46),
        ]
    }

    @Test func hostileNpzArchivesAreRefusedNamingTheByte() throws {
        #expect(try NPZ.decode(Self.archive)["x"]?.storage == .float([1, 2, 3]))
        let crc = CRC32.checksum(Self.member)
        #expect(try NPZ.decode(oneMemberZip("x.npy", method: 8, data: storedDeflateBlock(Self.member), crc: crc,
                                            uncompressedSize: Self.member.count))["x"]?.storage == .float([1, 2, 3]))
        for (index, (file, message, offset)) in Self.npzCases.enumerated() {
            let error = dataError { _ = try NPZ.decode(file, path: "bad.npz") }
            #expect(error?.path == "bad.npz" && error?.offset == offset, "case \(index): \(String(describing: error))")
            #expect(error?.description.contains(message) == true, "case \(index): \(String(describing: error))")
        }
        // A damaged array inside a sound archive names the member and its byte.
        var member = Self.member
        member[0] = 0
        let inner = dataError { _ = try NPZ.decode(ZipWriter.archive([("x.npy", member)]), path: "bad.npz") }
        #expect(inner?.path == "bad.npz member x.npy" && inner?.offset == 0 && inner?.inDecompressedData == false)
        // 65534 entries sharing one member, each claiming nearly 4 GiB: refused by their total.
        let single = oneMemberZip("x.npy", method: 8, data: storedDeflateBlock(Self.member), crc: crc, uncompressedSize: 0xFFFF_FFF0)
        let directoryStart = 35 + 5 + Self.member.count
        let entry = Array(single[directoryStart..<(single.count - 22)])
        let count = 65534
        let shared = Array(single[..<directoryStart]) + Array((0..<count).map { _ in entry }.joined())
            + le(0x0605_4B50, 4) + le(0, 4) + le(count, 2) + le(count, 2) + le(entry.count * count, 4) + le(directoryStart, 4) + le(0, 2)
        let bomb = dataError { _ = try NPZ.decode(shared, path: "bomb.npz") }
        #expect(bomb?.offset == directoryStart && bomb?.description.contains("the 65534 members") == true, "\(String(describing: bomb))")
        let twice = ZipWriter.archive([("x.npy", Self.member), ("x.npy", Self.member)])
        #expect(dataError { _ = try NPZ.decode(twice, path: "bad.npz") }?.description.contains("appears twice") == true)
    }
}

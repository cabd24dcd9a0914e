import Foundation
import Testing
@testable import AdjointData

@Suite("Data: CRC-32, DEFLATE and gzip")
struct DataInflateTests {
    @Test func crc32MatchesTheStandardCheckValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        // Slicing-by-8 and the bytewise tail must agree however the data is split.
        let data = randomBytes(1000, seed: 3)
        var pieces = CRC32()
        pieces.update(Array(data[0..<5]))
        pieces.update(Array(data[5..<517]))
        pieces.update(Array(data[517...]))
        #expect(pieces.value == CRC32.checksum(data))
    }

    /// Random, text, long repeats and empty data, each compressed by the system gzip at -1
    /// (keeping the file name, so FNAME is set) and -9 -n.
    static let samples: [(name: String, bytes: [UInt8])] = {
        let words = ["tensor", "gradient", "the", "of", "a", "backward", "tape", "loss", "\n", "batch", "Adjoint"]
        var rng = SeededGenerator(seed: 7)
        var text: [UInt8] = []
        while text.count < 300_000 { text += Array((words[Int(rng.next() % UInt64(words.count))] + " ").utf8) }
        return [
            ("random", randomBytes(200_000, seed: 1)),
            ("text", text),
            ("zeros", [UInt8](repeating: 0, count: 1_000_000)),
            ("pattern", (0..<700_000).map { UInt8($0 % 5) }),
            ("tiny", Array("hello".utf8)),
            ("empty", []),
        ]
    }()

    @Test(arguments: ["-1", "-9"])
    func systemGzipOutputInflatesToTheOriginal(level: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (name, bytes) in Self.samples {
            let arguments = level == "-1" ? [level] : [level, "-n"]
            let path = try gzipFile(bytes, named: name, arguments: arguments, in: directory)
            let compressed = try DataFile.read(path, expected: "gzip output")
            let inflated = try Gzip.decompress(compressed, path: path)
            #expect(inflated == bytes, "\(name) at \(level)")
            #expect(try DataFile.contents(of: path, expected: "gzip output").bytes == bytes)
        }
    }

    @Test func concatenatedMembersInflateToTheConcatenation() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = Self.samples[1].bytes, second = Self.samples[3].bytes
        let a = try DataFile.read(try gzipFile(first, named: "a", in: directory), expected: "")
        let b = try DataFile.read(try gzipFile(second, named: "b", arguments: ["-1"], in: directory), expected: "")
        #expect(try Gzip.decompress(a + b + a) == first + second + first)
    }

    @Test func optionalHeaderFieldsAreParsedAndTheHeaderCRCChecked() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let original = Self.samples[1].bytes
        let plain = try DataFile.read(try gzipFile(original, named: "text", in: directory), expected: "")
        // Rebuild the header with FEXTRA, FNAME, FCOMMENT and FHCRC (gzip itself writes only FNAME).
        var header = Array(plain[0..<10])
        header[3] = 0x02 | 0x04 | 0x08 | 0x10
        header += [5, 0] + Array("AB\u{1}\u{2}x".utf8) + Array("text.txt\0".utf8) + Array("a comment\0".utf8)
        let crc = CRC32.checksum(header)
        let file = header + [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF)] + Array(plain[10...])
        #expect(try Gzip.decompress(file) == original)
        // The reference tool agrees that this is a valid file.
        let path = try directory.write(file, to: "fields.gz")
        #expect(try runGzip(["-d"], on: path, in: directory) == original)

        var corrupted = file
        corrupted[header.count] ^= 0xFF
        let error = dataError { () throws(DataError) in try Gzip.decompress(corrupted, path: "fields.gz") }
        #expect(error?.offset == header.count)
        #expect(error?.path == "fields.gz")
        guard case .badChecksum = error?.reason else { Issue.record("\(String(describing: error))"); return }
    }

    @Test func corruptedCRCNamesTheTrailerByte() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try gzipFile(Self.samples[1].bytes, named: "text", in: directory)
        var bytes = try DataFile.read(path, expected: "")
        bytes[bytes.count - 8] ^= 0x01
        let bad = try directory.write(bytes, to: "bad-crc.gz")
        let error = dataError { () throws(DataError) in try DataFile.contents(of: bad, expected: "text") }
        #expect(error?.path == bad)
        #expect(error?.offset == bytes.count - 8)
        guard case .badChecksum(let stored, let computed) = error?.reason else {
            Issue.record("expected badChecksum, got \(String(describing: error))"); return
        }
        #expect(stored == computed ^ 0x01)
        #expect(error?.description.contains("byte \(bytes.count - 8)") == true)
    }

    @Test func wrongISIZEIsReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var bytes = try DataFile.read(try gzipFile(Self.samples[4].bytes, named: "tiny", in: directory), expected: "")
        bytes[bytes.count - 4] &+= 1
        let error = dataError { () throws(DataError) in try Gzip.decompress(bytes) }
        #expect(error?.reason == .badLength(stored: 6, actual: 5))
        #expect(error?.offset == bytes.count - 4)
    }

    @Test func truncatedFilesNameTheEndOfTheData() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (name, bytes) in Self.samples where !bytes.isEmpty {
            let full = try DataFile.read(try gzipFile(bytes, named: name, in: directory), expected: "")
            // Cut inside the DEFLATE data, inside the trailer, and inside the header.
            for length in [full.count / 2, full.count - 3, full.count - 8, 5, 0] {
                let cut = Array(full[0..<length])
                let error = dataError { () throws(DataError) in try Gzip.decompress(cut, path: "cut.gz") }
                guard case .truncated = error?.reason else {
                    Issue.record("\(name) cut to \(length): expected truncated, got \(String(describing: error))")
                    continue
                }
                #expect(error?.offset == length, "\(name) cut to \(length)")
            }
        }
    }

    @Test func badMagicNamesTheByte() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var bytes = try DataFile.read(try gzipFile(Self.samples[4].bytes, named: "tiny", in: directory), expected: "")
        let good = bytes
        bytes[0] = 0x1E
        let path = try directory.write(bytes, to: "bad-magic.gz")
        let error = dataError { () throws(DataError) in try DataFile.contents(of: path, expected: "") }
        #expect(error == DataError(.badMagic(found: [0x1E, 0x8B], expected: [0x1F, 0x8B]), path: path, offset: 0))

        // Garbage after a complete member is not silently ignored.
        let trailing = dataError { () throws(DataError) in try Gzip.decompress(good + [0x41, 0x42, 0x43]) }
        #expect(trailing?.reason == .badMagic(found: [0x41, 0x42], expected: [0x1F, 0x8B]))
        #expect(trailing?.offset == good.count)
    }

    @Test func unsupportedMethodAndReservedFlagsAreRejected() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try DataFile.read(try gzipFile(Self.samples[4].bytes, named: "tiny", in: directory), expected: "")
        var method = good
        method[2] = 7
        #expect(dataError { () throws(DataError) in try Gzip.decompress(method) }?.offset == 2)
        var flags = good
        flags[3] = 0x20
        let error = dataError { () throws(DataError) in try Gzip.decompress(flags) }
        #expect(error?.offset == 3)
        guard case .badHeader = error?.reason else { Issue.record("\(String(describing: error))"); return }
    }

    @Test func storedBlocksAreCopied() throws {
        #expect(try Inflate.decompress([0x01, 0x03, 0x00, 0xFC, 0xFF, 0x61, 0x62, 0x63]) == Array("abc".utf8))
        // Two blocks: a non-final empty stored block, then a final one.
        #expect(try Inflate.decompress([0x00, 0x00, 0x00, 0xFF, 0xFF, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x7A]) == [0x7A])
        let error = dataError { () throws(DataError) in try Inflate.decompress([0x01, 0x03, 0x00, 0xFC, 0xFE, 1, 2, 3]) }
        #expect(error?.reason == .badStoredLength(length: 3, complement: 0xFEFC))
        #expect(error?.offset == 1)
        let short = dataError { () throws(DataError) in try Inflate.decompress([0x01, 0x03, 0x00, 0xFC, 0xFF, 1]) }
        #expect(short?.offset == 6)
        guard case .truncated = short?.reason else { Issue.record("\(String(describing: short))"); return }
    }

    @Test func fixedHuffmanBlockWithOverlappingMatch() throws {
        // Literal 'a' (fixed code 0x30 + 0x61, 8 bits), then length 10 distance 1, then end of block.
        var bits = BitWriter()
        bits.write(1, bits: 1)
        bits.write(1, bits: 2)
        bits.writeCode(0x30 + 0x61, length: 8)
        bits.writeCode(264 - 256, length: 7)   // length code 264: length 10
        bits.writeCode(0, length: 5)           // distance code 0: distance 1
        bits.writeCode(0, length: 7)           // end of block
        #expect(try Inflate.decompress(bits.bytes) == [UInt8](repeating: 0x61, count: 11))
    }

    @Test func badBlockTypeNamesTheByte() {
        #expect(dataError { () throws(DataError) in try Inflate.decompress([0x07, 0, 0]) }
            == DataError(.badBlockType(3), path: "<memory>", offset: 0))
        // The second block header, in byte 6, is bad.
        let error = dataError { () throws(DataError) in
            try Inflate.decompress([0x00, 0x01, 0x00, 0xFE, 0xFF, 0x41, 0x07, 0, 0])
        }
        #expect(error?.reason == .badBlockType(3))
        #expect(error?.offset == 6)
    }

    @Test func badHuffmanCodesAreReported() {
        // A dynamic block whose code-length code gives four symbols one bit each: over-subscribed.
        var bits = BitWriter()
        bits.write(1, bits: 1)
        bits.write(2, bits: 2)
        bits.write(0, bits: 5)
        bits.write(0, bits: 5)
        bits.write(0, bits: 4)
        for _ in 0..<4 { bits.write(1, bits: 3) }
        bits.write(0, bits: 16)
        let error = dataError { () throws(DataError) in try Inflate.decompress(bits.bytes) }
        #expect(error?.offset == 0)
        guard case .badHuffmanCode(let why) = error?.reason else { Issue.record("\(String(describing: error))"); return }
        #expect(why.contains("over-subscribed"))

        // Too many literal/length codes (HLIT = 31 means 288).
        var many = BitWriter()
        many.write(1, bits: 1)
        many.write(2, bits: 2)
        many.write(31, bits: 5)
        many.write(0, bits: 32)
        guard case .badHuffmanCode = dataError({ () throws(DataError) in try Inflate.decompress(many.bytes) })?.reason else {
            Issue.record("HLIT 288 accepted"); return
        }
    }

    @Test func distanceBeforeTheStartIsReported() {
        var bits = BitWriter()
        bits.write(1, bits: 1)
        bits.write(1, bits: 2)
        bits.writeCode(1, length: 7)    // length code 257: length 3, with nothing decoded yet
        bits.writeCode(0, length: 5)    // distance 1
        bits.writeCode(0, length: 7)
        bits.write(0, bits: 16)
        let error = dataError { () throws(DataError) in try Inflate.decompress(bits.bytes, path: "x.deflate") }
        #expect(error == DataError(.badDistance(distance: 1, available: 0), path: "x.deflate", offset: 1))
    }

    @Test func streamsThatEndEarlyOrRunOnAreReported() {
        // A non-final stored block and then nothing: the decoder must stop, not loop on padding.
        guard case .truncated = dataError({ () throws(DataError) in try Inflate.decompress([0x00, 0x00, 0x00, 0xFF, 0xFF]) })?.reason
        else { Issue.record("missing final block accepted"); return }
        let trailing = dataError { () throws(DataError) in try Inflate.decompress([0x01, 0x01, 0x00, 0xFE, 0xFF, 0x41, 0x42]) }
        #expect(trailing == DataError(.trailingBytes(count: 1), path: "<memory>", offset: 6))
    }

    @Test func garbageAndDamagedFilesNeverCrash() throws {
        // Whatever the bytes, decoding ends with a result or a DataError.
        for seed in 0..<300 {
            let garbage = randomBytes(Int(seed % 64) + 1, seed: UInt64(seed) + 100)
            _ = try? Inflate.decompress(garbage)
            _ = try? Gzip.decompress([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + garbage)
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try DataFile.read(try gzipFile(Array(Self.samples[1].bytes[0..<20_000]), named: "text", in: directory),
                                     expected: "")
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            var damaged = good
            damaged[10 + Int(rng.next() % UInt64(good.count - 18))] ^= UInt8(1 << (rng.next() % 8))
            // A flipped bit in the compressed data is caught by the decoder or, at the latest, the CRC.
            #expect(throws: DataError.self) { try Gzip.decompress(damaged) }
        }
    }
}

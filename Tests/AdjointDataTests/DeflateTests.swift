import Testing
@testable import AdjointData

@Suite struct DeflateTests {
    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in UInt8(rng.nextInt(below: 256)) }
    }

    @Test func roundTripsThroughInflate() throws {
        let random = Self.randomBytes(40_000, seed: 1)
        let block = Self.randomBytes(32_768, seed: 2)
        let text = Array(String(repeating: "the quick brown fox jumps over the lazy dog; ", count: 300).utf8)
        let inputs: [(String, [UInt8])] = [
            ("empty", []), ("one byte", [7]), ("abc", Array("abc".utf8)),
            ("zeros", [UInt8](repeating: 0, count: 100_000)), ("text", text),
            ("random", random), ("random over two stored blocks", Self.randomBytes(70_000, seed: 3)),
            // A repeat exactly the window back, and one further back than the window can reach.
            ("window", block + block), ("beyond the window", random + Array(random[0..<20_000])),
            ("mixed", text + random + text),
        ]
        for (name, input) in inputs {
            let packed = Deflate.compress(input)
            #expect(try Inflate.decompress(packed, maximumSize: input.count) == input, "\(name)")
            // Never more than stored blocks take: 5 bytes a block of at most 65535.
            #expect(packed.count <= input.count + 5 * max(1, (input.count + 0xFFFE) / 0xFFFF), "\(name)")
        }
        #expect(Deflate.compress([UInt8](repeating: 0, count: 100_000)).count < 1000)
        #expect(Deflate.compress(text).count < text.count / 10)
        // The first copy's literals take at most 9 bits each; the second is a run of matches.
        #expect(Deflate.compress(block + block).count < 32_768 * 9 / 8 + 1000)
    }
}

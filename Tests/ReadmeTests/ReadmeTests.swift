import Testing

// The README's Swift blocks are compiled into this target by the ReadmeBlocks plugin, from
// README.md itself; here each one runs. A block that no longer compiles fails the build with
// an error at its line in README.md.

@Suite struct ReadmeTests {
    @Test func theReadmeHasBlocks() {
        #expect(readmeBlocks.count >= 3)
    }

    @Test(arguments: readmeBlocks.map(\.line))
    func blockRuns(line: Int) throws {
        try readmeBlocks.first { $0.line == line }!.run()
    }
}

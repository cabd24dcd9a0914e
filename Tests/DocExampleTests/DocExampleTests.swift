import Foundation
import Testing

// The ```swift blocks of the library's `///` comments and articles are compiled into this target
// by the DocExamples plugin (a block that stops compiling fails the build with an error at its
// line in Sources/); here the counts are held against the sources, so a block or a module the
// extractor missed fails.

@Suite struct DocExampleTests {
    /// The blocks in Sources/<module> (its `///` comments and articles), counted here
    /// independently of the plugin.
    func blocksInSources(of module: String) throws -> Int {
        let folder = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources/\(module)")
        let files = FileManager.default.enumerator(atPath: folder.path())!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") || ($0.contains(".docc/") && $0.hasSuffix(".md")) }
        return try files.reduce(0) { count, file in
            let text = try String(contentsOf: folder.appending(path: file), encoding: .utf8)
            return count + text.components(separatedBy: "\n").count {
                $0.trimmingCharacters(in: .whitespaces).replacing(/^\/\/\/\s*/, with: "") == "```swift"
            }
        }
    }

    /// Every module with blocks in its comments is compiled, with as many blocks as it has.
    @Test func everyBlockIsCompiled() throws {
        let sources = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources")
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path()) {
            let count = try blocksInSources(of: module)
            if count > 0 { #expect(docExampleCounts[module] == count, "\(module)") }
        }
        #expect(docExampleCounts.values.reduce(0, +) > 500)
    }
}

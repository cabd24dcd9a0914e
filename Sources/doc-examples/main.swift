// `doc-examples OUT_DIR MODULE_DIR...`: writes, for each module folder, OUT_DIR/DocExamples+<Module>.swift
// holding every ```swift block of its `///` comments and of its `.docc` articles as a method of a
// context (the names a block may use undeclared: Tests/DocExampleTests/DocExampleContext.swift),
// with `#sourceLocation` so a compile error points at the comment's line, and
// OUT_DIR/DocExampleCounts.swift, how many blocks each module has. A block fenced ```swift excerpt (a piece of a
// declaration, an `override` line) is skipped. The blocks of a file that is all one `#if` are
// compiled under the same condition.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: doc-examples OUT_DIR MODULE_DIR...\n".utf8))
    exit(2)
}

/// A ```swift block of a `///` comment: where it starts and its lines without the `///`.
struct Block {
    let file: String
    let line: Int
    /// The condition of a file that is all one `#if` (`MPI`): its blocks are compiled under it.
    let condition: String?
    var body: [String] = []
}

/// The class whose names a block of the file at `path` in `module` may use
/// (Tests/DocExampleTests/DocExampleContext.swift).
func context(of path: String, in module: String) -> String {
    let tensorFolders = ["/Adjoint/Tensor/", "/Adjoint/Kernels/", "/Adjoint/Random/"]
    return tensorFolders.contains(where: path.contains) ? "TensorExamples" : "\(module)Examples"
}

/// The blocks of one source file (a `.swift` file's `///` comments, or an article of a `.docc`
/// catalog), in order. An `import` line is left out: the generated file imports every module.
func blocks(in path: String) throws -> [Block] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let article = path.hasSuffix(".md")
    let firstLine = text.prefix { $0 != "\n" }
    let condition = firstLine.hasPrefix("#if ") ? String(firstLine.dropFirst(4)) : nil
    var found: [Block] = []
    var current: Block?
    for (index, line) in text.components(separatedBy: "\n").enumerated() {
        var content = Substring(line)
        if !article {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("///") else {
                if let block = current {
                    FileHandle.standardError.write(Data("\(block.file):\(block.line - 1): error: a ```swift block is not closed\n".utf8))
                    exit(1)
                }
                continue
            }
            content = trimmed.dropFirst(3)
            if content.hasPrefix(" ") { content = content.dropFirst() }
        }
        let fence = content.trimmingCharacters(in: .whitespaces)
        if var block = current {
            if fence == "```" {
                found.append(block)
                current = nil
            } else {
                block.body.append(fence.hasPrefix("import ") ? "" : String(content))
                current = block
            }
        } else if fence == "```swift" {
            current = Block(file: path, line: index + 2, condition: condition)
        }
    }
    return found
}

/// What every generated file imports, besides its own module (with `@testable`, for the
/// examples of internal helpers).
let libraries = ["Adjoint", "AdjointNN", "AdjointData", "AdjointTraining", "AdjointDistributed"]
let outputDirectory = URL(fileURLWithPath: arguments[1])
var counts: [(module: String, count: Int)] = []
for moduleDirectory in arguments.dropFirst(2) {
    let module = URL(fileURLWithPath: moduleDirectory).lastPathComponent
    let files = FileManager.default.enumerator(atPath: moduleDirectory)!.compactMap { $0 as? String }
        .filter { $0.hasSuffix(".swift") || ($0.contains(".docc/") && $0.hasSuffix(".md")) }.sorted()
    var all: [Block] = []
    for file in files { all += try blocks(in: moduleDirectory + "/" + file) }
    var out = "import Foundation\n" + libraries.map { "import \($0)\n" }.joined() + "@testable import \(module)\n"
    for (i, block) in all.enumerated() {
        out += "\n" + (block.condition.map { "#if \($0)\n" } ?? "")
        out += "extension \(context(of: block.file, in: module)) {\nfunc example\(module)\(i)() async throws {\n"
        out += "#sourceLocation(file: \"\(block.file)\", line: \(block.line))\n"
        out += block.body.joined(separator: "\n") + "\n#sourceLocation()\n}\n}\n" + (block.condition == nil ? "" : "#endif\n")
    }
    try out.write(to: outputDirectory.appending(path: "DocExamples+\(module).swift"), atomically: true, encoding: .utf8)
    counts.append((module, all.count))
}
let registry = "/// How many blocks the comments and articles of each module hold (excerpts left out).\n"
    + "let docExampleCounts: [String: Int] = [\n" + counts.map { "    \"\($0.module)\": \($0.count),\n" }.joined() + "]\n"
try registry.write(to: outputDirectory.appending(path: "DocExampleCounts.swift"), atomically: true, encoding: .utf8)

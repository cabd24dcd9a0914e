// `readme-blocks README.md OUT.swift`: writes every ```swift block of the README as a function
// `readmeBlockN() throws`, with `#sourceLocation` so a compile error points into README.md,
// and `readmeBlocks`, the list of them with their line numbers. Imports are hoisted to the
// top of the file. A block fenced ```swift excerpt (a piece of library source) is skipped.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: readme-blocks README.md OUT.swift\n".utf8))
    exit(2)
}
let readme = try String(contentsOfFile: arguments[1], encoding: .utf8)
var imports: Set<String> = ["import Foundation"]
var blocks: [(line: Int, body: [String])] = []
var current: (line: Int, body: [String])?
for (index, line) in readme.components(separatedBy: "\n").enumerated() {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if var block = current {
        if trimmed == "```" {
            blocks.append(block)
            current = nil
        } else if trimmed.hasPrefix("import ") {
            imports.insert(trimmed)
            block.body.append("")
            current = block
        } else {
            block.body.append(line)
            current = block
        }
    } else if trimmed == "```swift" {
        current = (index + 2, [])
    }
}
var out = imports.sorted().joined(separator: "\n") + "\n\n"
for (i, block) in blocks.enumerated() {
    out += "func readmeBlock\(i)() throws {\n#sourceLocation(file: \"README.md\", line: \(block.line))\n"
    out += block.body.joined(separator: "\n") + "\n#sourceLocation()\n}\n\n"
}
out += "/// The README's Swift blocks, with the line each starts on.\n"
out += "let readmeBlocks: [(line: Int, run: @Sendable () throws -> Void)] = [\n"
out += blocks.enumerated().map { "    (\($0.element.line), readmeBlock\($0.offset))," }.joined(separator: "\n")
out += "\n]\n"
try out.write(toFile: arguments[2], atomically: true, encoding: .utf8)

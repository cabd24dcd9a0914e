// Several run folders on one page: curves overlaid, metrics tabulated. Exit status 1 when a
// folder cannot be read, 2 for bad options.
//   swift run -c release compare runs/a runs/b [--title TEXT] [--out DIR]
import AdjointCommandLine
import Foundation

do {
    if try CompareCommand.run(Array(CommandLine.arguments.dropFirst())) == nil { print(CompareCommand.usage) }
} catch let error as TrainOptions.ParseError {
    FileHandle.standardError.write(Data("compare: \(error)\n\(CompareCommand.usage)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("compare: \(error)\n".utf8))
    exit(1)
}

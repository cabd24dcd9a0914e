// `swift run -c release train [options]`: trains a model and writes a report folder.
// See `--help`, or TrainCommand in AdjointNN for what it does.
import AdjointCommandLine
import Foundation

do {
    let options = try TrainOptions.parse(Array(CommandLine.arguments.dropFirst()))
    if options.showHelp {
        print(TrainOptions.usage)
        exit(0)
    }
    _ = try TrainCommand.run(options)
} catch let error as TrainOptions.ParseError {
    FileHandle.standardError.write(Data("train: \(error)\n\(TrainOptions.usage)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("train: \(error)\n".utf8))
    exit(1)
}

// `swift run -c release evaluate --checkpoint runs/x/model.safetensors`: the test accuracy,
// per-class recall and confusion matrix of a model `train` saved. Exit status 1 when the
// checkpoint or data cannot be used, 2 for bad options.
import AdjointCommandLine
import Foundation

do {
    guard let arguments = try EvaluateCommand.parse(Array(CommandLine.arguments.dropFirst())) else {
        print(EvaluateCommand.usage)
        exit(0)
    }
    _ = try EvaluateCommand.run(checkpoint: arguments.checkpoint, data: arguments.data, dataset: arguments.dataset,
                                out: arguments.out)
} catch let error as TrainOptions.ParseError {
    FileHandle.standardError.write(Data("evaluate: \(error)\n\(EvaluateCommand.usage)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("evaluate: \(error)\n".utf8))
    exit(1)
}

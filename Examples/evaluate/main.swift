// `swift run -c release evaluate --checkpoint runs/x/model.safetensors`: the test accuracy,
// per-class recall and confusion matrix of a model `train` saved. Exit status 1 when the
// checkpoint or data cannot be used, 2 for bad options.
import AdjointCommandLine

runCommand("evaluate", usage: EvaluateCommand.usage) {
    guard let arguments = try EvaluateCommand.parse(Array(CommandLine.arguments.dropFirst())) else {
        print(EvaluateCommand.usage)
        return 0
    }
    _ = try EvaluateCommand.run(checkpoint: arguments.checkpoint, data: arguments.data, dataset: arguments.dataset,
                                out: arguments.out)
    return 0
}

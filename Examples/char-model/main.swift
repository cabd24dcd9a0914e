// Character-level language models on the words of Data/words.txt: a bigram table, an MLP over
// the previous 3 characters, an LSTM and a GPT-style transformer. Prints the held-out negative
// log-likelihood per character and 20 sampled words; the page shows the loss curves and the
// samples. `Examples/peers/char_model.py` is the same in PyTorch.
//   swift run -c release char-model [--model bigram|mlp|lstm|transformer] [--steps N] [--out DIR]
import AdjointCommandLine
import Foundation

runCommand("char-model", usage: "usage: char-model [--model bigram|mlp|lstm|transformer] [--steps N] [--seed N] [--out DIR]") {
    let options = try CharModelOptions.parse(CommandLine.arguments.dropFirst())
    guard let directory = defaultDataDirectory() else { throw CharModelError.usage("cannot find the repository's Data/ directory; run from the repository root") }
    let folder = try RunFolder(path: options.outputDirectory, kind: .comparison, mode: .overwrite)
    let words = try Words(directory: directory)
    let run = try CharModelRun(options: options, words: words)
    try run.fit()
    let nll = run.heldOutNLL()
    let samples = run.sample(20)
    print(String(format: "%@: held-out NLL %.4f nats/char after %d steps; step %.3f ms (median)",
                 options.model.rawValue, nll, run.steps, run.medianStepMilliseconds))
    print("samples:", samples.joined(separator: " "))
    try folder.save { try run.page(heldOutNLL: nll, samples: samples).write(to: $0.appending(path: "index.html"), atomically: true, encoding: .utf8) }
    return 0
}

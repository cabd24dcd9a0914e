// `swift run -c release bench`: measures the engine and prints one JSON object of figures.
import AdjointTraining
import Foundation

if CommandLine.arguments.dropFirst().first == "--train-epoch-child" {
    trainEpochChild()
    exit(0)
}

if ["--help", "-h"].contains(CommandLine.arguments.dropFirst().first) {
    print("""
    usage: bench [KEY-PREFIX]
    Measures the engine and prints one JSON object of figures (see README, Speed). With a key
    prefix (matmul, tape, mlp, fc4x500, cnn, cnn_recipe_step, conv, char, train), runs only the benchmarks of that family.
    """)
    exit(0)
}

var figures: [String: Double] = [:]
let only = CommandLine.arguments.dropFirst().first   // optional: a key prefix to run alone

@MainActor func run(_ prefix: String, _ body: () -> [String: Double]) {
    guard only == nil || prefix.hasPrefix(only!) || only!.hasPrefix(prefix) else { return }
    figures.merge(body()) { $1 }
}

run("matmul", matmulBenchmarks)
run("tape", tapeBenchmarks)
run("mlp", mlpBenchmarks)
run("fc4x500", fc4x500Benchmarks)
// One family per key, so that a profile of `bench cnn_recipe_step` holds that step alone.
run("cnn_train_images", cnnTrainBenchmarks)
run("cnn_train_plain", cnnTrainPlainBenchmarks)
run("cnn_recipe_step") { cnnRecipeBenchmarks(fused: true) }
run("cnn_recipe_plain") { cnnRecipeBenchmarks(fused: false) }
run("conv", convBenchmarks)
run("char", sequenceBenchmarks)
run("train", trainingBenchmarks)
figures["peak_rss_mib"] = peakResidentMiB()

let keys = figures.keys.sorted()
print("{\n" + keys.map { "  \"\($0)\": \(rounded(figures[$0]!))" }.joined(separator: ",\n") + "\n}")

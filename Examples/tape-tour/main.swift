// A tour of what the tape shows: the memory a step's graph keeps, the graph itself as
// Graphviz DOT (and SVG when `dot` is installed), and anomaly detection naming the primitive
// and the line of this file that made a NaN or an infinity, forward and backward.
//
//     swift run -c release tape-tour [--out DIR]
import AdjointNN
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let out = arguments.count == 2 && arguments[0] == "--out" ? arguments[1] : "runs/tape-tour"
try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)

// A small classifier: 8 features, 16 hidden units, 3 classes, batch of 4.
DefaultRandom.seed(0)
let model = Sequential<Double>([Linear(8, 16), ReLU(), Linear(16, 3)])
var rng = SeededGenerator(seed: 1)
let x = Tensor<Double>.randn([4, 8], using: &rng)
let labels = [0, 2, 1, 0]

print("== memory the step's graph keeps before backward")
let loss = softmaxCrossEntropy(model(x), labels: labels)
print(loss.memoryReport())

print("\n== the graph")
let dot = loss.dot(labels: model.parameterLabels)
let dotFile = out + "/graph.dot"
try dot.write(toFile: dotFile, atomically: true, encoding: .utf8)
print("wrote \(dotFile) (\(dot.split(separator: "\n").filter { $0.contains("->") }.count) edges)")
if let renderer = ["/usr/bin/dot", "/usr/local/bin/dot"].first(where: FileManager.default.isExecutableFile(atPath:)) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: renderer)
    process.arguments = ["-Tsvg", dotFile, "-o", out + "/graph.svg"]
    try process.run()
    process.waitUntilExit()
    print(process.terminationStatus == 0 ? "wrote \(out)/graph.svg" : "dot failed with status \(process.terminationStatus)")
} else {
    print("(install graphviz to render it: dot -Tsvg \(dotFile) -o graph.svg)")
}
loss.backward()

print("\n== a NaN in the forward pass")
do {
    try withAnomalyDetection {
        let scores = model(x)
        let logScores = scores.log()                 // scores below zero: NaN here
        _ = softmaxCrossEntropy(logScores, labels: labels)
    }
} catch {
    print(error)
}

print("\n== an infinity in the backward pass")
do {
    try withAnomalyDetection {
        let hidden = model.layers[0](x).relu()
        let root = hidden.sqrt()                     // sqrt(0) is fine forward, its slope is infinite
        root.sum().backward()
    }
} catch {
    print(error)
}

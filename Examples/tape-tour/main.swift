// A tour of what the tape shows: the memory a step's graph keeps, the graph itself as
// Graphviz DOT (and SVG when `dot` is installed), and anomaly detection naming the primitive
// and the line of this file that made a NaN or an infinity, forward and backward.
//
//     swift run -c release tape-tour [--out DIR]
import AdjointCommandLine
import Foundation

runCommand("tape-tour", usage: "usage: tape-tour [--out DIR]") {
var arguments = CommandLine.arguments.dropFirst()
var out = "runs/tape-tour"
while let option = arguments.popFirst() {
    guard option == "--out" else { throw TrainOptions.ParseError.unknownOption(option) }
    guard let value = arguments.popFirst() else { throw TrainOptions.ParseError.missingValue(option) }
    out = value
}
// Opened first: a folder that cannot take the graph is refused before the tour.
let folder = try RunFolder(path: out, kind: .graph, mode: .overwrite)

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
let dotFile = folder.url.appending(path: "graph.dot").path
var rendered: String?
try folder.save { staging in
    try dot.write(to: staging.appending(path: "graph.dot"), atomically: true, encoding: .utf8)
    guard let renderer = ["/usr/bin/dot", "/usr/local/bin/dot"].first(where: FileManager.default.isExecutableFile(atPath:)) else { return }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: renderer)
    process.arguments = ["-Tsvg", staging.appending(path: "graph.dot").path, "-o", staging.appending(path: "graph.svg").path]
    try process.run()
    process.waitUntilExit()
    rendered = process.terminationStatus == 0 ? "wrote \(folder.url.appending(path: "graph.svg").path)" : "dot failed with status \(process.terminationStatus)"
}
print("wrote \(dotFile) (\(dot.split(separator: "\n").filter { $0.contains("->") }.count) edges)")
print(rendered ?? "(install graphviz to render it: dot -Tsvg \(dotFile) -o graph.svg)")
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
return 0
}

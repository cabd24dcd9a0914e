import AdjointCommandLine
import Foundation

/// One model's training on the word list: batches of 32 words in an order drawn from the seed
/// (a new permutation per epoch), AdamW with PyTorch's weight decay of 0.01, the loss of every
/// step kept for the page.
final class CharModelRun {
    static let batchSize = 32
    /// Steps and learning rates: the transformer's and the LSTM's are those of the speed
    /// comparison's recipes; the small models learn at a larger rate.
    static let defaultSteps: [CharModelOptions.Model: Int] = [.bigram: 3000, .mlp: 6000, .lstm: 6000, .transformer: 10000]
    static let learningRate: [CharModelOptions.Model: Float] = [.bigram: 1e-2, .mlp: 2e-3, .lstm: 5e-4, .transformer: 5e-4]

    let options: CharModelOptions
    let model: CharacterModel
    let optimizer: AdamW<Float>
    let train: (inputs: [[Int]], targets: [[Int]])
    let heldOut: (inputs: [[Int]], targets: [[Int]])
    private(set) var losses: [Double] = []
    /// The held-out NLL at every tenth of the run: (step, NLL).
    private(set) var heldOutCurve: [(step: Int, nll: Double)] = []
    private var stepSeconds: [Double] = []

    var steps: Int { options.steps ?? Self.defaultSteps[options.model]! }

    init(options: CharModelOptions, words: Words) throws {
        self.options = options
        model = CharacterModel(options.model, seed: options.seed)
        let rate = Self.learningRate[options.model]!
        optimizer = AdamW(model.module.parameters, learningRate: rate, weightDecay: 0.01)
        train = Words.encode(words.train)
        heldOut = Words.encode(words.heldOut)
    }

    var medianStepMilliseconds: Double {
        let sorted = stepSeconds.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2] * 1e3
    }

    func fit() throws {
        var rng = SeededGenerator(seed: options.seed)
        var batches: [[Int]] = []
        let progress = ProgressBar(total: steps, label: options.model.rawValue)
        for step in 1...steps {
            if batches.isEmpty {
                let order = rng.permutation(train.inputs.count)
                batches = stride(from: 0, through: order.count - Self.batchSize, by: Self.batchSize)
                    .map { Array(order[$0..<$0 + Self.batchSize]) }.reversed()
            }
            let rows = batches.removeLast()
            let start = DispatchTime.now().uptimeNanoseconds
            let loss = softmaxCrossEntropy(model.scores(Self.ids(rows.map { train.inputs[$0] })),
                                           labels: rows.map { train.targets[$0] }, ignoreIndex: Words.ignored)
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            stepSeconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            let value = Double(loss.value.scalars[0])
            guard value.isFinite else { throw CharModelError.usage("the loss is \(value) at step \(step)") }
            losses.append(value)
            progress.update(completed: step, status: String(format: "loss %.3f", value))
            if step % max(1, steps / 10) == 0 || step == steps { heldOutCurve.append((step, heldOutNLL())) }
        }
        progress.finish(status: String(format: "loss %.3f", losses.suffix(100).reduce(0, +) / Double(min(100, losses.count))))
    }

    /// The mean negative log-likelihood of the held-out words' characters and end marks.
    func heldOutNLL() -> Double {
        model.module.eval()
        defer { model.module.train() }
        var total = 0.0, count = 0
        withoutGradients {
            for start in stride(from: 0, to: heldOut.inputs.count, by: 1000) {
                let end = min(start + 1000, heldOut.inputs.count)
                let targets = Array(heldOut.targets[start..<end])
                let loss = softmaxCrossEntropy(model.scores(Self.ids(Array(heldOut.inputs[start..<end]))),
                                               labels: targets, ignoreIndex: Words.ignored, reduction: .sum)
                total += Double(loss.value.scalars[0])
                count += targets.joined().filter { $0 != Words.ignored }.count
            }
        }
        return total / Double(count)
    }

    /// `count` words drawn one character at a time from the model's distribution.
    func sample(_ count: Int) -> [String] {
        model.module.eval()
        defer { model.module.train() }
        var rng = SeededGenerator(seed: 0)
        return withoutGradients {
            (0..<count).map { _ in
                var ids = Array(repeating: 0, count: Words.context), word = ""
                for t in 0..<(Words.context - 1) {
                    let scores = model.scores(Self.ids([ids])).value
                    let row = (0..<Words.vocabulary).map { Double(scores[0, t, $0]) }
                    let largest = row.max()!
                    let weights = row.map { Foundation.exp($0 - largest) }
                    var u = rng.nextUniform() * weights.reduce(0, +), next = 0
                    while next < Words.vocabulary - 1 && u >= weights[next] { u -= weights[next]; next += 1 }
                    if next == 0 { break }
                    word.append(Words.character(next))
                    ids[t + 1] = next
                }
                return word
            }
        }
    }

    static func ids(_ rows: [[Int]]) -> IndexTensor {
        IndexTensor(rows.flatMap { $0 }, shape: [rows.count, Words.context])
    }
}

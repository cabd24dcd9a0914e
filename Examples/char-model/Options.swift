/// `char-model`'s command line.
struct CharModelOptions {
    enum Model: String, CaseIterable { case bigram, mlp, lstm, transformer }

    var model = Model.transformer
    var steps: Int?
    var seed: UInt64 = 1
    var outputDirectory = "runs/char-model"

    static func parse(_ arguments: ArraySlice<String>) throws -> CharModelOptions {
        var options = CharModelOptions(), rest = arguments
        while let option = rest.popFirst() {
            guard ["--model", "--steps", "--seed", "--out"].contains(option) else { throw CharModelError.usage("unknown option '\(option)'") }
            guard let value = rest.popFirst() else { throw CharModelError.usage("option '\(option)' needs a value") }
            switch option {
            case "--model":
                guard let model = Model(rawValue: value) else {
                    throw CharModelError.usage("invalid value '\(value)' for --model: expected one of \(Model.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                options.model = model
            case "--steps":
                guard let steps = Int(value), (1...10_000_000).contains(steps) else {
                    throw CharModelError.usage("invalid value '\(value)' for --steps: expected an integer in 1...10000000")
                }
                options.steps = steps
            case "--seed":
                guard let seed = UInt64(value) else { throw CharModelError.usage("invalid value '\(value)' for --seed: expected a non-negative integer") }
                options.seed = seed
            default: options.outputDirectory = value
            }
        }
        return options
    }
}

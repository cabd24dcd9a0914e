import Foundation
import Testing
@testable import AdjointCommandLine

/// Seeded fuzzing of the values a checkpoint's metadata holds, below its checksums: each case
/// rewrites a valid `train` checkpoint with some run settings (`run`) and trainer counters
/// replaced by hostile values, recomputes the checksums, and reads it back as `train --resume`
/// and `evaluate` do. Every case must load or throw a typed error; what loads must then be
/// usable by the code that trusts it (a trainer, the loss, the normalisation, one more epoch).
///
/// Environment: `ADJOINT_FUZZ_METADATA_CASES=N` runs N cases (default 1,000, a few seconds);
/// `ADJOINT_FUZZ_SEED` and `ADJOINT_FUZZ_TRACE` as for the other fuzz tests.
@Suite(.serialized) struct CheckpointMetadataFuzzTests {
    static let cases = FuzzSettings.environment["ADJOINT_FUZZ_METADATA_CASES"].flatMap { Int($0) }.map { max($0, 0) } ?? 1000

    /// Values for a run setting: edge integers, huge and tiny doubles, NaN as text, a line break, wrong types.
    static var settingValues: [Any] { [0, 1, -1, -5, 3, 65_536, 65_537, 1 << 31, Int.max, Int.min, 0.5, 5.0, -0.0,
                                       Double.leastNonzeroMagnitude, 1e300, -1e300, "NaN", "nan", "inf", "", "adam", "cosine", "fc", "fc\nsecond line", true,
                                       NSNull(), [Any](), [String: Any](), [1, 2], [Float](), [Float.nan], ["nan"]] }
    /// Values for a counter in the metadata (strings there).
    static let counterValues = ["0", "1", "2", "3", "4", "-1", "-5", "9223372036854775807", "-9223372036854775808",
                                "9223372036854775808", "99999999999999999999", "1e300", "2.5", "NaN", "nan", "", "abc",
                                "0.5", "-0", "1\n2"]
    static let counterKeys = ["trainer.epoch", "trainer.iteration", "optimizer.step", "trainer.best_validation_accuracy"]

    /// The run settings of the seed checkpoint, as `train` writes them for `makeRun()`.
    static func seedSettings() throws -> String {
        var options = TrainOptions()
        options.batchSize = 4
        options.epochs = 3
        var settings = RunSettings(options)
        settings.imageShape = [3]
        settings.classNames = ["a", "b"]
        settings.inputNormalization = ChannelNormalization(mean: [0.25], std: [0.5])
        return try JSONText(encoding: settings).rendered()
    }

    /// One to three hostile changes to `metadata`, drawn from `rng`.
    static func mutate(_ metadata: inout [String: String], _ rng: inout SeededGenerator) {
        for _ in 0..<(1 + rng.nextInt(below: 3)) {
            switch rng.nextInt(below: 6) {
            case 0, 1, 2:   // a run setting replaced or removed
                guard var run = (try? JSONSerialization.jsonObject(with: Data((metadata["run"] ?? "").utf8))) as? [String: Any],
                      !run.isEmpty else { continue }
                let keys = run.keys.sorted()
                let key = keys[rng.nextInt(below: keys.count)]
                if key == "inputNormalization", var statistics = run[key] as? [String: Any], rng.nextInt(below: 2) == 0 {
                    statistics[rng.nextInt(below: 2) == 0 ? "mean" : "std"] = settingValues[rng.nextInt(below: settingValues.count)]
                    run[key] = statistics
                } else {
                    let value = rng.nextInt(below: 8) == 0 ? nil : settingValues[rng.nextInt(below: settingValues.count)]
                    run[key] = value
                }
                metadata["run"] = (try? JSONSerialization.data(withJSONObject: run)).map { String(decoding: $0, as: UTF8.self) }
            case 3:         // a counter replaced or removed
                let key = counterKeys[rng.nextInt(below: counterKeys.count)]
                metadata[key] = rng.nextInt(below: 8) == 0 ? nil : counterValues[rng.nextInt(below: counterValues.count)]
            case 4:         // a JSON value truncated
                let key = rng.nextInt(below: 2) == 0 ? "run" : "trainer.history"
                if let text = metadata[key] { metadata[key] = String(text.prefix(rng.nextInt(below: text.count + 1))) }
            default:        // the history's lengths changed, so counters may or may not agree with it
                var history = Trainer<Float>.History()
                let epochs = rng.nextInt(below: 4), iterations = rng.nextInt(below: 10)
                (history.trainAccuracy, history.validationAccuracy) = (Array(repeating: 0.5, count: epochs), Array(repeating: 0.5, count: epochs))
                (history.loss, history.learningRate) = (Array(repeating: 1, count: iterations), Array(repeating: 1e-2, count: iterations))
                metadata["trainer.history"] = (try? JSONEncoder().encode(history)).map { String(decoding: $0, as: UTF8.self) }
                metadata["trainer.epoch"] = String(epochs)
                metadata["trainer.iteration"] = String(iterations)
            }
        }
    }

    /// Reads the checkpoint at `url` as `train --resume` and `evaluate` do and uses what loads.
    static func readBack(_ url: URL, into run: (FullyConnectedNet<Float>, Adam<Float>, Trainer<Float>), data: Dataset) throws {
        let settings = try RunSettings.stored(in: url)
        // What validation lets through, the code that trusts it takes without trapping.
        let options = settings.options
        _ = Trainer(model: run.0, optimizer: run.1, configuration: .init(batchSize: options.batchSize))
        let scores = Variable(constant: Tensor<Float>.zeros([2, 2]))
        #expect(softmaxCrossEntropy(scores, labels: [0, 1], labelSmoothing: Float(options.labelSmoothing)).value.scalar.isFinite)
        if let normalization = settings.inputNormalization {
            #expect(normalization.apply(to: data).count == data.count)
        }
        _ = TrainCommand.makeOptimizer(options, parameters: run.0.parameters)

        try Checkpoint.load(from: url, into: run.0, optimizer: run.1, trainer: run.2, trainingSamples: data.count)
        let epoch = run.2.epoch
        try run.2.fit(epochs: 1, train: data, validation: data)
        #expect(run.2.epoch == epoch + 1)
    }

    @Test(.timeLimit(.minutes(2 + cases / 5_000))) func runSettingsAndCounters() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (model, optimizer, trainer) = try trainedRun()
        let seedURL = directory.appendingPathComponent("seed.safetensors")
        try Checkpoint.save(model: model, optimizer: optimizer, trainer: trainer, metadata: ["run": try Self.seedSettings()], to: seedURL)
        let seed = try SafeTensors.read(from: seedURL)
        var rng = SeededGenerator(seed: 1)
        // 8 samples of the seed's image shape [3], as `trainedRun()` trains on; one channel.
        let data = Dataset(images: Tensor<Float>.randn([8, 3], using: &rng), labels: (0..<8).map { $0 % 2 }, classNames: ["a", "b"])

        let target = makeRun()
        let url = directory.appendingPathComponent("case.safetensors")
        var summary = FuzzSummary(reader: "checkpoint metadata")
        let clock = ContinuousClock()
        for number in 0..<Self.cases {
            var caseRNG = caseGenerator(reader: summary.reader, number: number)
            var metadata = seed.metadata
            Self.mutate(&metadata, &caseRNG)
            try SafeTensors.write(seed.tensors, metadata: metadata, checksums: true, to: url)
            if FuzzSettings.trace { print("fuzz \(summary.reader) seed \(FuzzSettings.firstSeed) case \(number)") }
            let start = clock.now
            do {
                try Self.readBack(url, into: target, data: data)
                summary.accepted += 1
            } catch let error as CheckpointError {
                summary.refused += 1
                if summary.messages.count < 200 { summary.messages.append("\(error)") }
            } catch let error as CommandLineError {
                // Only a missing `run` is refused without naming a key.
                #expect(metadata["run"] == nil, "case \(number): \(error)")
                summary.refused += 1
            } catch {
                Issue.record("fuzz \(summary.reader) case \(number): untyped error \(type(of: error)): \(error)")
            }
            let elapsed = clock.now - start
            if elapsed > summary.slowest { (summary.slowest, summary.slowestCase) = (elapsed, number) }
            summary.cases += 1
        }
        print(summary)
        #expect(summary.cases == Self.cases && summary.accepted + summary.refused == summary.cases)
        // Both outcomes occur, so the mutations neither all miss nor all break the file.
        if Self.cases >= 1000 { #expect(summary.accepted > 0 && summary.refused > 0) }
        for message in summary.messages {
            #expect(!message.contains("\n") && message.contains(url.path) && message.contains("metadata"), "\(message)")
        }
    }
}

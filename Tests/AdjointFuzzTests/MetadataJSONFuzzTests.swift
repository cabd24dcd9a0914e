import Foundation
import Testing
@testable import AdjointData
@testable import AdjointNN
@testable import AdjointTraining

/// Seeded fuzzing of the JSON a checkpoint's header holds as text (see `FuzzSupport.swift` for
/// the environment variables): typed metadata values, the `metadata.typed` list and scheduler
/// states, mutated as bytes and as JSON (`JSONMutator`), each fed to `MetadataParser` and, in
/// a checkpoint with valid checksums, to `Checkpoint.load`. Both return or throw their typed
/// error; the two agree on every value; a refused scheduler state leaves the scheduler as it
/// was, and one that restores can step on.
@Suite(.serialized) struct MetadataJSONFuzzTests {
    @Test(FuzzSettings.timeLimit) func metadataJSON() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeds = try FuzzSeeds.metadataJSON()
        let (model, schedulers) = FuzzSeeds.metadataJSONRun()
        let seedURL = directory.appendingPathComponent("seed.safetensors"), url = directory.appendingPathComponent("case.safetensors")
        try Checkpoint.save(model: model, to: seedURL)
        let base = try SafeTensors.read(from: seedURL)
        var parsed = 0
        let summary = fuzz("metadata-json", seeds: seeds.map(\.text), json: true, cases: FuzzSettings.cases(1000), read: { bytes, seed in
            let text = String(decoding: bytes, as: UTF8.self)
            let value = Self.parse(text)
            if value != nil { parsed += 1 }
            var metadata = base.metadata
            switch seeds[seed].slot {
            case .value: (metadata["x"], metadata[Checkpoint.typedKeysKey]) = (text, "[\"x\"]")
            case .typedList: (metadata["x"], metadata["y"], metadata[Checkpoint.typedKeysKey]) = ("1", "[true]", text)
            case .scheduler: metadata[Checkpoint.schedulerKey] = text
            }
            try SafeTensors.write(base.tensors, metadata: metadata, checksums: true, to: url)
            do {
                try Self.load(url, seeds[seed].slot, parsed: value, into: model, schedulers: schedulers, text: text)
            } catch let error as CheckpointError {
                // Every message, not only the summary's sample: the messages quote the mutated text.
                #expect(!"\(error)".contains("\n"), "\(error)")
                throw error
            }
        }, isTyped: { $0 is CheckpointError })
        print("fuzz metadata-json: \(parsed) of \(summary.cases) texts parsed")
        #expect(summary.accepted + summary.refused == summary.cases)
        if summary.cases >= 1000 { #expect(summary.accepted > 0 && summary.refused > 0 && parsed > 0 && parsed < summary.cases) }
        for message in summary.messages {
            #expect(!message.contains("\n") && message.contains(url.path) && (message.contains("metadata") || message.contains("scheduler state")),
                    "\(summary.reader): \(message)")
        }
    }

    /// Loads the checkpoint at `url`, whose `slot` holds `text` (`parsed` by the parser, or nil).
    static func load(_ url: URL, _ slot: FuzzSeeds.MetadataJSONSlot, parsed value: MetadataValue?, into model: Linear<Float>,
                     schedulers: [LearningRateScheduler<Float>], text: String) throws {
        switch slot {
        case .value:
            // Nothing else differs from the seed, so the load refuses exactly what the parser does,
            // and so does `Checkpoint.metadata(at:)`.
            let loaded: [String: MetadataValue]
            do { loaded = try Checkpoint.load(from: url, into: model) } catch {
                #expect(value == nil, "a value the parser reads was refused: \(error)")
                #expect(throws: CheckpointError.self) { try Checkpoint.metadata(at: url) }
                throw error
            }
            #expect(value != nil && loaded["x"]?.json == value?.json)
            #expect(try Checkpoint.metadata(at: url).mapValues(\.json) == loaded.mapValues(\.json))   // NaN is not == NaN
        case .typedList: try Checkpoint.load(from: url, into: model)
        case .scheduler(let index): try restore(url, into: model, schedulers[index], text: text)
        }
    }

    /// The value `text` holds, or nil when the parser refuses it with a one-line message; a
    /// value read back from its own JSON is the same value.
    static func parse(_ text: String) -> MetadataValue? {
        var parser = MetadataParser(text)
        do {
            let value = try parser.parse()
            var again = MetadataParser(value.json)
            #expect((try? again.parse())?.json == value.json, "\(value.json) does not read back as itself")
            return value
        } catch {
            #expect(!error.message.contains("\n"), "\(error.message)")
            return nil
        }
    }

    /// Loads the checkpoint at `url` with `scheduler`; a refusal must leave the scheduler as it
    /// was, and a state that restores is the file's, and the schedule steps on from it.
    static func restore(_ url: URL, into model: Linear<Float>, _ scheduler: LearningRateScheduler<Float>, text: String) throws {
        let before = try Checkpoint.encode(scheduler.state)
        do {
            try Checkpoint.load(from: url, into: model, scheduler: scheduler)
        } catch {
            #expect(try Checkpoint.encode(scheduler.state) == before, "a refused state changed the \(scheduler.name)")
            throw error
        }
        let stored = try historyDecoder.decode(LearningRateSchedulerState.self, from: Data(text.utf8))
        #expect(scheduler.stepCount == stored.stepCount && scheduler.baseRates == stored.baseRates && scheduler.lastRates == stored.lastRates)
        switch scheduler {
        case let plateau as ReduceLROnPlateau<Float>:
            for metric in [1.0, 2.0] { plateau.step(metric: metric) }
        case let oneCycle as OneCycleLR<Float>:
            // Stepping past the last step traps by design, so a state past it must not restore.
            #expect(oneCycle.stepCount <= oneCycle.totalSteps, "a OneCycleLR state at step \(oneCycle.stepCount) of \(oneCycle.totalSteps) restored")
            for _ in 0..<min(2, max(0, oneCycle.totalSteps - oneCycle.stepCount)) { oneCycle.step() }
        default:
            for _ in 0..<2 { scheduler.step() }
        }
    }
}

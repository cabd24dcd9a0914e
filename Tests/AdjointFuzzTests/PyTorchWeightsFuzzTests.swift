import Foundation
import Testing
@testable import AdjointData
@testable import AdjointTraining

/// Seeded mutation fuzzing of `Module.loadPyTorchStateDict`, which reads PyTorch's dtypes
/// widened to `Double` (see `FuzzSupport.swift` for the environment variables): every case is
/// loaded or refused with a `PyTorchWeightsError`, a refusal leaves the model as it was, and
/// what loads is the file's values in the model's layout.
@Suite(.serialized) struct PyTorchWeightsFuzzTests {
    @Test(FuzzSettings.timeLimit) func pyTorchWeights() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("case.safetensors")
        let seeds = FuzzSeeds.pyTorch
        let (floatTarget, doubleTarget) = (Target<Float>(), Target<Double>())
        let summary = fuzz("pytorch-weights", seeds: seeds.map(\.bytes), cases: FuzzSettings.cases(1500), read: { bytes, seed in
            try Data(bytes).write(to: url)
            let seed = seeds[seed]
            if seed.double {
                try Self.load(url, into: doubleTarget, strict: seed.strict, keyMapping: seed.keyMapping)
            } else {
                try Self.load(url, into: floatTarget, strict: seed.strict, keyMapping: seed.keyMapping)
            }
        }, isTyped: { $0 is PyTorchWeightsError })
        #expect(summary.accepted + summary.refused == summary.cases)
        // Both outcomes occur, so the mutations neither all miss nor all break the file.
        if summary.cases >= 1000 { #expect(summary.accepted > 0 && summary.refused > 0) }
        for message in summary.messages {
            #expect(!message.contains("\n") && message.contains(url.path), "\(summary.reader): \(message)")
        }
    }

    /// A model of the seeds, with its state and slots found once (walking the model is slow).
    struct Target<S: TensorScalar> {
        let model = FuzzSeeds.pyTorchModel(S.self)
        /// Every parameter and buffer of the model by path, read when called.
        let state: [(path: String, value: () -> Tensor<S>)]
        let slots: [PyTorchSlot<S>]

        init() {
            let parameters = model.namedParameters.map { path, variable in (path, { variable.value }) }
            state = parameters + model.namedBuffers.map { path, buffer in (path, { buffer.value }) }
            slots = model.pyTorchStateLayout(flattenedMaps: FuzzSeeds.pyTorchFlattenedMaps).slots
        }
    }

    /// Loads `url` into `target`'s model, then checks the model holds the file's values, or,
    /// when the load throws, the values it had.
    static func load<S>(_ url: URL, into target: Target<S>, strict: Bool, keyMapping: PyTorchKeyMapping) throws {
        let before = target.state.map { $0.value() }
        let skipped: PyTorchIncompatibleKeys
        do {
            skipped = try target.model.loadPyTorchStateDict(from: url, strict: strict, keyMapping: keyMapping,
                                                            flattenedMaps: FuzzSeeds.pyTorchFlattenedMaps)
        } catch {
            for ((path, value), old) in zip(target.state, before) { #expect(sameValues(value(), old), "\(path) changed by a refused load") }
            throw error
        }
        if strict { #expect(skipped == PyTorchIncompatibleKeys(missing: [], unexpected: [])) }
        let file = try SafeTensors.openWidening(url)
        let fileNames = Dictionary(file.names.map { (keyMapping.modelKey(forFile: $0), $0) }) { first, _ in first }
        for slot in target.slots where !skipped.missing.contains(slot.key) {
            let stored = Tensor<S>(try file.widenedTensor(named: try #require(fileNames[slot.key])))
            #expect(sameValues(slot.layout.pyTorch(slot.value()), stored), "\(slot.key) is not the file's")
        }
    }

    /// Whether `a` and `b` hold the same values in the same shape, NaN equal to NaN.
    static func sameValues<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> Bool {
        a.shape == b.shape && zip(a.scalars, b.scalars).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}

import Foundation
import Testing
@testable import AdjointData
@testable import AdjointTraining

/// Seeded mutation fuzzing of every reader of outside files (see `FuzzSupport.swift` for the
/// environment variables): gzip, IDX (plain and gzip), CIFAR-10/100, NumPy .npy and .npz, safetensors and
/// `Checkpoint.load` (and its per-group optimiser state). Each must read or refuse every case with its typed, one-line error.
@Suite(.serialized) struct ReaderFuzzTests {
    /// What every refusal message must be: one line that names the input.
    func expectOneLine(_ summary: FuzzSummary, naming path: String) {
        for message in summary.messages {
            #expect(!message.contains("\n") && message.contains(path), "\(summary.reader): \(message)")
        }
    }

    @Test(FuzzSettings.timeLimit) func gzip() {
        let maximum = 1 << 16
        let summary = fuzz("gzip", seeds: FuzzSeeds.gzip, cases: FuzzSettings.cases(5000), read: { bytes, _ in
            let output = try Gzip.decompress(bytes, path: "fuzz.gz", maximumSize: maximum)
            #expect(output.count <= maximum)
        }, isTyped: { $0 is DataError })
        #expect(summary.cases == FuzzSettings.cases(5000))
        #expect(summary.accepted + summary.refused == summary.cases)
        expectOneLine(summary, naming: "fuzz.gz")
    }

    @Test(FuzzSettings.timeLimit) func idx() {
        let seeds = FuzzSeeds.idx
        let summary = fuzz("idx", seeds: seeds.map(\.bytes), cases: FuzzSettings.cases(5000), read: { bytes, seed in
            let (dimensions, form) = (seeds[seed].dimensions, seeds[seed].form)
            let file = form == .gzipAfterMutation ? gzipMember(fixedHuffmanDeflate(bytes), of: bytes) : bytes
            let (contents, decompressed) = try IDX.contents(ofFile: file, gzip: form != .plain, dimensions: dimensions,
                                                            path: "fuzz-idx")
            // The output never exceeds what the header announces, which the compressed size bounds.
            if form != .plain { #expect(contents.count <= max(file.count * Gzip.maximumRatio, IDX.headerLength(dimensions))) }
            let array = try IDX.parse(contents, dimensions: dimensions, path: "fuzz-idx", decompressed: decompressed)
            #expect(array.bytes.count == array.shape.reduce(1, *))
            // On to a data set, as `loadDataset` does, with a valid partner file of the same count.
            let count = array.shape[0]
            guard count <= 10_000 else { return }
            let partner = IDX.encode(dimensions == 3 ? IDXArray(shape: [count], bytes: [UInt8](repeating: 0, count: count))
                                                     : IDXArray(shape: [count, 1, 1], bytes: [UInt8](repeating: 0, count: count)))
            let fuzzed = (contents, "fuzz-idx", decompressed), other = (partner, "partner", false)
            let data = try IDX.dataset(images: dimensions == 3 ? fuzzed : other, labels: dimensions == 3 ? other : fuzzed,
                                       classNames: FashionMNIST.classNames)
            #expect(data.count == count)
        }, isTyped: { $0 is DataError })
        #expect(summary.accepted + summary.refused == summary.cases)
        expectOneLine(summary, naming: "fuzz-idx")
    }

    @Test(FuzzSettings.timeLimit) func cifar() {
        let layouts = [CIFARLayout(labelBytes: 1, labelIndex: 0, classCounts: [10]),
                       CIFARLayout(labelBytes: 2, labelIndex: 1, classCounts: [20, 100])]
        let summary = fuzz("cifar", seeds: [FuzzSeeds.cifar10, FuzzSeeds.cifar100], cases: FuzzSettings.cases(3000),
                           read: { bytes, seed in
            let data = try decodeCIFAR([("fuzz-cifar", bytes)], layout: layouts[seed],
                                       classNames: (0..<layouts[seed].classCounts.last!).map(String.init))
            #expect(data.count * layouts[seed].recordSize == bytes.count)
        }, isTyped: { $0 is DataError })
        #expect(summary.accepted + summary.refused == summary.cases)
        expectOneLine(summary, naming: "fuzz-cifar")
    }

    @Test(FuzzSettings.timeLimit) func safetensors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let seed = try FuzzSeeds.safetensors(in: directory)
        let summary = fuzz("safetensors", seeds: [seed], cases: FuzzSettings.cases(5500), read: { bytes, _ in
            let file = try SafeTensors.decode(Data(bytes), file: "fuzz.safetensors")
            for (name, stored) in file.tensors {
                switch stored {
                case .float(let t): #expect(try file.tensor(named: name, as: Float.self, shape: t.shape).count == t.count)
                case .double(let t): #expect(try file.tensor(named: name, as: Double.self, shape: t.shape).count == t.count)
                }
            }
        }, isTyped: { $0 is SafeTensorsError })
        #expect(summary.accepted + summary.refused == summary.cases)
        expectOneLine(summary, naming: "fuzz.safetensors")
    }

    @Test(FuzzSettings.timeLimit) func npy() {
        let summary = fuzz("npy", seeds: FuzzSeeds.npy, cases: FuzzSettings.cases(2500), read: { bytes, _ in
            checkAccessors(try NPY.decode(bytes, path: "fuzz.npy"))
        }, isTyped: { $0 is DataError })
        #expect(summary.accepted + summary.refused == summary.cases)
        expectOneLine(summary, naming: "fuzz.npy")
    }

    @Test(FuzzSettings.timeLimit) func npz() {
        let summary = fuzz("npz", seeds: FuzzSeeds.npz, cases: FuzzSettings.cases(2500), read: { bytes, _ in
            for array in try NPZ.decode(bytes, path: "fuzz.npz").values { checkAccessors(array) }
        }, isTyped: { $0 is DataError })
        #expect(summary.accepted + summary.refused == summary.cases)
        expectOneLine(summary, naming: "fuzz.npz")
    }

    /// An accepted array's elements fill its shape, and its accessors convert or refuse with
    /// their one-line error.
    func checkAccessors(_ array: NumPyArray) {
        #expect(array.count == array.shape.reduce(1, *))
        do throws(DataError) {
            switch array.storage {
            case .bool: #expect(try array.bools().values.count == array.count)
            case .int: #expect(try array.indices().scalars.count == array.count)
            case .float, .double: #expect(try array.tensor(as: Float.self).shape == array.shape)
            }
        } catch {
            #expect(!error.description.contains("\n"))
        }
    }

    @Test(FuzzSettings.timeLimit) func checkpointLoad() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (model, optimizer, trainer) = try trainedRun()
        let url = directory.appendingPathComponent("checkpoint.safetensors")
        try Checkpoint.save(model: model, optimizer: optimizer, trainer: trainer, to: url)
        let seed = [UInt8](try Data(contentsOf: url))

        let (target, targetOptimizer, targetTrainer) = makeRun()
        let caseURL = directory.appendingPathComponent("case.safetensors")
        let summary = fuzz("checkpoint", seeds: [seed], cases: FuzzSettings.cases(2500), read: { bytes, _ in
            try Data(bytes).write(to: caseURL)
            try Checkpoint.load(from: caseURL, into: target, optimizer: targetOptimizer, trainer: targetTrainer)
        }, isTyped: { $0 is CheckpointError })
        #expect(summary.accepted + summary.refused == summary.cases)
        expectOneLine(summary, naming: caseURL.path)
    }

    /// A checkpoint of two parameter groups: the `FuzzSeeds.optimizerGroups` variants, half of
    /// them also byte-mutated. What loads sets each group's rate and decay from the file; a
    /// refusal changes nothing.
    @Test(FuzzSettings.timeLimit) func checkpointGroups() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (model, optimizer, trainer) = try trainedRun(twoGroups: true)
        let url = directory.appendingPathComponent("checkpoint.safetensors")
        try Checkpoint.save(model: model, optimizer: optimizer, trainer: trainer, to: url)
        let seeds = try FuzzSeeds.optimizerGroups(try SafeTensors.read(from: url))

        let (target, targetOptimizer, targetTrainer) = makeRun(twoGroups: true)
        let caseURL = directory.appendingPathComponent("case.safetensors")
        let reader = "checkpoint-groups"
        let summary = fuzz(reader, cases: FuzzSettings.cases(1500), input: { number in
            var mutator = Mutator(rng: caseGenerator(reader: reader, number: number))
            let seed = mutator.rng.nextInt(below: seeds.count)
            return (seed, mutator.rng.nextInt(below: 2) == 0 ? seeds[seed] : mutator.mutate(seeds[seed]))
        }, read: { bytes, _ in
            try Data(bytes).write(to: caseURL)
            let before = (target.state, targetOptimizer.state)
            do {
                try Checkpoint.load(from: caseURL, into: target, optimizer: targetOptimizer, trainer: targetTrainer)
            } catch {
                let (state, optimizerState) = (target.state, targetOptimizer.state)
                #expect(state.keys == before.0.keys && state.allSatisfy { $0.value.scalars == before.0[$0.key]!.scalars })
                #expect(optimizerState.learningRates == before.1.learningRates && optimizerState.weightDecays == before.1.weightDecays
                        && optimizerState.stepCount == before.1.stepCount)
                throw error
            }
            let file = try SafeTensors.open(caseURL)
            let rates = try file.tensor(named: "optimizer/learning_rate", as: Float.self, shape: [2]).scalars
            let decays = file.contains("optimizer/weight_decay")
                ? try file.tensor(named: "optimizer/weight_decay", as: Float.self, shape: [2]).scalars : [0, 0]
            #expect(targetOptimizer.parameterGroups.map(\.learningRate) == rates)
            #expect(targetOptimizer.parameterGroups.map(\.weightDecay) == decays)
        }, isTyped: { $0 is CheckpointError })
        #expect(summary.accepted + summary.refused == summary.cases)
        if summary.cases >= 1000 { #expect(summary.accepted > 0 && summary.refused > 0) }
        expectOneLine(summary, naming: caseURL.path)
    }
}

/// A fresh folder for one test's files, in shared memory when there is one.
func temporaryDirectory() throws -> URL {
    let shm = URL(fileURLWithPath: "/dev/shm")
    let base = FileManager.default.isWritableFile(atPath: shm.path) ? shm : FileManager.default.temporaryDirectory
    let directory = base.appendingPathComponent("adjoint-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// A small model with every kind of checkpointed state: batch-norm buffers, dropout generators,
/// Adam moments, and a trainer; with `twoGroups`, the optimiser's first two parameters are a
/// group of their own rate and decay.
func makeRun(twoGroups: Bool = false) -> (FullyConnectedNet<Float>, Adam<Float>, Trainer<Float>) {
    let model = FullyConnectedNet<Float>(hiddenSizes: [4], inputSize: 3, classes: 2, dropout: 0.8,
                                         useBatchNorm: true, weightScale: 0.1, seed: 3)
    let parameters = model.parameters
    let optimizer = twoGroups
        ? Adam([ParameterGroup(Array(parameters.prefix(2)), learningRate: 1e-3, weightDecay: 0.01),
                ParameterGroup(Array(parameters.dropFirst(2)))], learningRate: 1e-2)
        : Adam(parameters, learningRate: 1e-2)
    let trainer = Trainer(model: model, optimizer: optimizer, configuration: .init(batchSize: 4, seed: 5))
    return (model, optimizer, trainer)
}

/// `makeRun(twoGroups:)` after one epoch on 8 samples, so the trainer has a history and a best state.
func trainedRun(twoGroups: Bool = false) throws -> (FullyConnectedNet<Float>, Adam<Float>, Trainer<Float>) {
    let run = makeRun(twoGroups: twoGroups)
    var rng = SeededGenerator(seed: 1)
    let data = Dataset(images: Tensor<Float>.randn([8, 3], using: &rng), labels: (0..<8).map { $0 % 2 }, classNames: ["a", "b"])
    try run.2.fit(epochs: 1, train: data, validation: data)
    return run
}

import Foundation

/// One `train` run in the phases `TrainCommand.run` takes it through: resolve the run (new or
/// resumed), load its data, build its trainer, train with a save after every epoch, and finish
/// with the test set. With a cluster only rank 0 logs and writes the folder.
final class TrainRun {
    let options: TrainOptions
    let cluster: TrainCluster?
    private let output: (String) -> Void
    let writer: Bool
    /// Prefixes every line of a data-parallel run.
    let tag: String
    var settings: RunSettings
    /// Only rank 0 opens (and checks) the folder; the others need its path for messages.
    let folder: RunFolder?
    let folderURL: URL
    /// The checkpoint to resume from, as this process can read it (rank 0's, copied).
    let resumeFile: URL?
    private var metadata: [String: String] = [:]

    var checkpoint: URL { folderURL.appending(path: TrainCommand.checkpointName) }

    /// Resolves a new run's folder, or the run to resume with its stored settings: everything
    /// that can be refused is refused here, before any data is loaded.
    init(_ options: TrainOptions, output: @escaping (String) -> Void, cluster: TrainCluster?) throws {
        (self.options, self.cluster, self.output) = (options, cluster, output)
        writer = (cluster?.rank ?? 0) == 0
        tag = cluster.map { "[\($0.size) ranks] " } ?? ""
        guard let resume = options.resume else {
            let path = options.outputDirectory ?? TrainCommand.defaultFolder(options)
            folder = writer ? try RunFolder(path: path, mode: options.overwrite ? .overwrite : .new,
                                            protected: TrainCommand.protectedFolders(data: options.dataDirectory)) : nil
            folderURL = folder?.url ?? URL(fileURLWithPath: path).standardizedFileURL
            resumeFile = nil
            settings = RunSettings(options)
            return
        }
        folder = writer ? try RunFolder(path: resume, mode: .resume, option: "--resume") : nil
        folderURL = folder?.url ?? URL(fileURLWithPath: resume).standardizedFileURL
        let stored = folderURL.appending(path: TrainCommand.checkpointName)
        let file = try cluster?.sharedFile(stored) ?? stored
        resumeFile = file
        let run = try RunSettings.stored(in: file)
        try TrainCluster.checkProcessCount(of: file, now: cluster?.size ?? 1)
        settings = try run.resumed(with: options)
        if options.given.contains("--out"), let out = options.outputDirectory,
           URL(fileURLWithPath: out).standardizedFileURL != folderURL {
            throw CommandLineError("--resume writes into the run's own folder; drop --out \(out)")
        }
    }

    deinit {
        if let resumeFile, !writer { try? FileManager.default.removeItem(at: resumeFile) }
    }

    func log(_ line: String) { if writer { output(tag + line) } }

    /// The run's data, normalised, checked against the run being resumed; the settings learn
    /// the statistics, the image shape and the classes.
    func loadData() throws -> DataSplits {
        let (splits, normalization) = try TrainCommand.loadData(settings.options)
        let (train, validation, test) = (splits.train, splits.validation, splits.test)
        for (name, part) in [("training", train), ("validation", validation), ("test", test)] where part.count == 0 {
            throw CommandLineError("the \(name) split is empty (\(train.count) training, \(validation.count) validation, \(test.count) test images); use more data or a larger --train-samples")
        }
        if let stored = settings.inputNormalization, stored != normalization {
            throw CommandLineError("the data differ from the run's: their normalisation statistics do not match the checkpoint's")
        }
        settings.inputNormalization = normalization
        settings.imageShape = train.imageShape
        settings.classNames = train.classNames
        log("data: \(settings.dataset.rawValue), \(train.count) train / \(validation.count) validation / \(test.count) test, image \(train.imageShape)")
        if let cluster {
            try DataShard.checkSplit(batchSize: settings.batchSize, trainingSamples: train.count, processes: cluster.size)
        }
        return splits
    }

    /// The model, optimiser and trainer the settings describe, at the state of the run being
    /// resumed; refuses a resumed run that already has its epochs.
    func makeTrainer(for train: Dataset) throws -> Trainer<Float> {
        let runOptions = settings.options
        let model = try TrainCommand.makeModel(runOptions, imageShape: train.imageShape, classes: train.classCount)
        let optimizer = TrainCommand.makeOptimizer(runOptions, parameters: model.parameters)
        let shard = cluster.map { DataShard(rank: $0.rank, count: $0.size) }
        let perEpoch = DataLoader.batchCount(samples: train.count, batchSize: settings.batchSize, shard: shard)
        let schedule = TrainCommand.makeSchedule(runOptions.schedule, settings: settings, iterations: settings.epochs * perEpoch)
        let smoothing = Float(runOptions.labelSmoothing)
        let trainer = Trainer(model: model, optimizer: optimizer,
                              loss: { softmaxCrossEntropy($0, labels: $1, labelSmoothing: smoothing) },
                              configuration: .init(batchSize: settings.batchSize, schedule: schedule, restoreBest: false,
                                                   seed: settings.seed, shard: shard,
                                                   divergenceFactor: options.allowDivergence ? nil : 1000))
        try cluster?.attach(trainer, train, settings.seed)
        if let resumeFile {
            try Checkpoint.load(from: resumeFile, into: model, optimizer: optimizer, trainer: trainer, trainingSamples: train.count)
            try cluster?.restoreRandomStates(model, from: resumeFile)
        }
        if trainer.epoch > settings.epochs || trainer.epoch == settings.epochs && trainer.iteration == trainer.epoch * perEpoch {
            throw CommandLineError("the run in \(folderURL.path) already has \(trainer.epoch) epochs; pass --epochs N with N > \(trainer.epoch) to extend it")
        }
        trainer.detectAnomalies = options.detectAnomaly
        // What is particular to classifying images: augmented batches, and mirror averaging.
        trainer.batchTransform = TrainCommand.augmentation(settings, normalization: settings.inputNormalization!)?
            .batchTransform(imageShape: train.imageShape)
        if TrainCommand.averagesMirrors(settings) { trainer.score = { accuracy(of: $0, on: $1, averagingMirrors: true) } }
        log("model: \(settings.model.rawValue) (\(model.parameterCount) parameters), optimizer: \(settings.optimizer.rawValue), lr \(settings.learningRate)"
            + (options.resume != nil ? ", resuming at epoch \(trainer.epoch + 1), step \(trainer.iteration - trainer.epoch * perEpoch + 1)" : ""))
        return trainer
    }

    /// Writes the checkpoint and the report into the folder (rank 0; the others hand over
    /// their dropout streams). A state `evaluate` and `--resume` would refuse is never written.
    func save(_ trainer: Trainer<Float>, data: DataSplits, test: TrainCommand.TestMetrics? = nil, seconds: Double) throws {
        if metadata.isEmpty { metadata["run"] = try JSONText(encoding: settings).rendered() }
        if let cluster { metadata.merge(try cluster.randomStates(trainer.model)) { $1 } }
        guard let folder else { return }
        try trainer.checkFiniteState()
        try folder.save { staging in
            try Checkpoint.save(model: trainer.model, optimizer: trainer.optimizer, trainer: trainer, metadata: metadata,
                                to: staging.appending(path: TrainCommand.checkpointName))
            try TrainCommand.report(settings, trainer: trainer, model: trainer.model, data: data, test: test, seconds: seconds)
                .write(to: staging)
        }
    }
}

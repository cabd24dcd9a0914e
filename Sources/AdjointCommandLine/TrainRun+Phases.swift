import Foundation

extension TrainRun {
    /// Trains to the run's epochs with a progress bar, saving after every epoch; returns false
    /// when `interrupted` stopped it first, and the seconds it trained.
    func fit(_ trainer: Trainer<Float>, data: DataSplits, interrupted: @escaping () -> Bool) throws -> (completed: Bool, seconds: Double) {
        let perEpoch = trainer.iterationsPerEpoch(data.train.count)
        let writer = writer
        let progress = ProgressBar(total: settings.epochs * perEpoch - trainer.iteration, label: tag + "train",
                                   write: { text in if writer { ProgressBar.writeToStandardError(text) } })
        let (firstIteration, epochs, tag) = (trainer.iteration, settings.epochs, tag)
        let start = ProgressBar.monotonicSeconds()
        var saveError: Error?
        trainer.callbacks.onStep = { iteration, loss in
            progress.update(completed: iteration - firstIteration,
                            status: "epoch \((iteration - 1) / perEpoch + 1)/\(epochs) loss \(TrainCommand.format(loss))")
        }
        trainer.callbacks.onEpoch = { [unowned self] epoch, history in
            progress.message(tag + "epoch \(epoch)/\(epochs): train accuracy \(TrainCommand.format(history.trainAccuracy.last!)), validation accuracy \(TrainCommand.format(history.validationAccuracy.last!))")
            do { try save(trainer, data: data, seconds: ProgressBar.monotonicSeconds() - start) } catch { saveError = error }
        }
        trainer.callbacks.shouldStop = { [cluster] in
            let stop = interrupted() || saveError != nil
            return cluster?.anyStops(stop) ?? stop
        }
        // The hooks capture the trainer: dropping them ends the cycle when the run returns.
        defer { trainer.callbacks = .init() }
        let completed: Bool
        do {
            completed = try trainer.fit(epochs: settings.epochs - trainer.epoch, train: data.train, validation: data.validation)
        } catch {
            progress.finish(status: "stopped")
            throw CommandLineError("\(error); \(keptCheckpoint)\(hint(for: error))")
        }
        if let saveError { throw saveError }
        let seconds = ProgressBar.monotonicSeconds() - start
        progress.finish(status: completed ? "\(TrainCommand.format(seconds)) s" : "interrupted")
        return (completed, seconds)
    }

    /// Saves a run that was stopped and says how to go on: resume it, or, when every epoch
    /// ran, test it.
    func stop(_ trainer: Trainer<Float>, data: DataSplits, seconds: Double) throws -> TrainCommand.Summary {
        try save(trainer, data: data, seconds: seconds)
        let step = trainer.iteration - trainer.epoch * trainer.iterationsPerEpoch(data.train.count)
        if trainer.epoch >= settings.epochs && step == 0 {
            // Resuming would have nothing to do, so point at the test instead.
            log("interrupted after the last epoch, before the test set; the run is complete and saved in \(folderURL.path)")
            log(TrainCommand.evaluateCommand(settings, checkpoint: checkpoint))
            return summary(trainer, test: nil, seconds: seconds, completed: false)
        }
        log("interrupted " + (step == 0 ? "after epoch \(trainer.epoch)" : "after step \(step) of epoch \(trainer.epoch + 1)")
            + "; saved \(folderURL.path)")
        log("resume with: train " + (cluster == nil ? "" : "--distributed ") + "--resume \(TrainCommand.shellQuoted(folderURL.path))")
        return summary(trainer, test: nil, seconds: seconds, completed: false)
    }

    /// Shows the test set to the best model once, saves the run with the test metrics, and
    /// reports them. The checkpoint keeps the last parameters, so the run can be extended.
    func test(_ trainer: Trainer<Float>, data: DataSplits, seconds: Double, trainedSteps: Int) throws -> TrainCommand.Summary {
        let (model, test) = (trainer.model, data.test)
        let mirrors = TrainCommand.averagesMirrors(settings)
        let last = model.state
        if !trainer.state.bestModelState.isEmpty { try model.load(trainer.state.bestModelState) }
        let predicted = predictions(of: model, on: test, averagingMirrors: mirrors)
        var confusion = ConfusionMatrix(classNames: test.classNames)
        confusion.record(labels: test.labels, predictions: predicted)
        let testAccuracy = accuracy(predicted, test.labels)
        // With mirror averaging, the images alone as well, so the two can be told apart.
        let singleView = mirrors ? accuracy(of: model, on: test) : nil
        try model.load(last)
        try save(trainer, data: data, test: (testAccuracy, confusion, predicted, singleView), seconds: seconds)

        let best = trainer.state.bestValidationAccuracy
        log("test accuracy \(TrainCommand.format(testAccuracy * 100))%"
            + (singleView.map { " with mirror averaging, \(TrainCommand.format($0 * 100))% without" } ?? "")
            + " (best validation \(TrainCommand.format(best * 100))%), \(TrainCommand.format(seconds)) s of training")
        if let cluster { log(cluster.speedReport(samples: trainedSteps * settings.batchSize, seconds: seconds)) }
        log("report: \(folderURL.path)")
        log(TrainCommand.evaluateCommand(settings, checkpoint: checkpoint))
        return summary(trainer, test: testAccuracy, seconds: seconds, completed: true)
    }

    private func summary(_ trainer: Trainer<Float>, test: Double?, seconds: Double, completed: Bool) -> TrainCommand.Summary {
        let validation = completed || trainer.epoch >= settings.epochs
            ? trainer.state.bestValidationAccuracy : trainer.history.validationAccuracy.last ?? 0
        return TrainCommand.Summary(validationAccuracy: validation, testAccuracy: test, trainSeconds: seconds,
                                    folder: folderURL, completed: completed)
    }

    private var keptCheckpoint: String {
        FileManager.default.fileExists(atPath: checkpoint.path)
            ? "the last good checkpoint is kept in \(checkpoint.path)" : "no checkpoint was saved"
    }

    /// What to try after a run stopped on `error`.
    private func hint(for error: TrainingError) -> String {
        switch error {
        case .diverged: "; pass --allow-divergence to train on regardless"
        case .nonFiniteLoss, .nonFiniteGradient:
            options.detectAnomaly ? "" : "; run again with --detect-anomaly to find the operation and line that made it"
        default: ""
        }
    }
}

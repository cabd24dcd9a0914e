extension Checkpoint {
    /// Refuses trainer counters no run reaches, before `fit` would trap on them or a product of
    /// them overflow: the epochs and iterations must be the ones the history records (which
    /// bounds them by the header's size), and the iterations, given the batches per epoch of
    /// the data the run continues on, must lie within the epoch after the completed ones.
    static func checkCounters<S>(epoch: Int, iteration: Int, history: Trainer<S>.History, batchesPerEpoch: Int?,
                                 file: String) throws {
        func bad(_ key: String, _ what: String) -> CheckpointError {
            CheckpointError(file: file, problem: .invalidContent("metadata \"\(key)\": \(what)"))
        }
        let epochsRecorded = history.validationAccuracy.count
        guard epoch == epochsRecorded && history.trainAccuracy.count == epochsRecorded else {
            throw bad("trainer.epoch", "\(epoch) epochs, but \"trainer.history\" records the accuracies of \(epochsRecorded)")
        }
        let iterationsRecorded = history.loss.count
        guard iteration == iterationsRecorded && history.learningRate.count == iterationsRecorded else {
            throw bad("trainer.iteration", "\(iteration) iterations, but \"trainer.history\" records the losses of \(iterationsRecorded)")
        }
        guard let batches = batchesPerEpoch else { return }
        let (first, overflow) = epoch.multipliedReportingOverflow(by: batches)
        guard !overflow, iteration >= first, iteration - first < batches else {
            throw bad("trainer.iteration", "\(iteration) iterations do not fit \(epoch) epochs of \(batches) batches"
                      + (overflow ? "" : " (\(first) to \(first + batches - 1) would)") + "; was the batch size or the data changed?")
        }
    }
}

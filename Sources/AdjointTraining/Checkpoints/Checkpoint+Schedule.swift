import Foundation

extension Checkpoint {
    /// The key of a learning-rate scheduler's state, as JSON.
    static let schedulerKey = "scheduler.state"

    /// A scheduler's state as JSON text; a plateau's best metric may be infinite.
    static func encode(_ state: LearningRateSchedulerState) throws -> String {
        String(decoding: try historyEncoder.encode(state), as: UTF8.self)
    }
}

extension CheckpointReader {
    /// The scheduler state a checkpoint holds, which the scheduler checks when it restores it.
    func schedulerState() throws -> LearningRateSchedulerState {
        let text = try metadata(Checkpoint.schedulerKey)
        guard let state = try? historyDecoder.decode(LearningRateSchedulerState.self, from: Data(text.utf8)) else {
            throw bad("metadata \"\(Checkpoint.schedulerKey)\" is not a learning-rate scheduler state")
        }
        return state
    }
}

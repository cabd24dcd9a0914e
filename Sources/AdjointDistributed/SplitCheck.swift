extension DataShard {
    /// Refuses, before any training, a run whose global batch cannot be cut into `processes`
    /// equal shards, or whose training set does not give every process at least one row.
    ///
    /// ```swift
    /// try DataShard.checkSplit(batchSize: 100, trainingSamples: 9167, processes: 2)   // fine
    /// try DataShard.checkSplit(batchSize: 25, trainingSamples: 9167, processes: 2)    // throws
    /// ```
    public static func checkSplit(batchSize: Int, trainingSamples: Int, processes: Int) throws(DistributedError) {
        guard processes > 0 else { throw .cannotSplit("a run needs at least one process, not \(processes)") }
        guard batchSize % processes == 0 else {
            throw .cannotSplit("the batch size \(batchSize) does not split evenly across \(processes) processes; pass a multiple of \(processes)")
        }
        guard trainingSamples >= processes else {
            throw .cannotSplit("\(trainingSamples) training samples cannot be split across \(processes) processes")
        }
    }
}

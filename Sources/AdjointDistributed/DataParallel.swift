#if MPI
/// Data-parallel training of one `Trainer` per process, as PyTorch's DistributedDataParallel.
///
/// Every process builds the same model and a trainer whose configuration has the
/// communicator's `shard`, so it trains on its own rows of every global batch. Attaching:
/// - gives each process its own dropout stream (from the run seed and its rank),
/// - copies rank 0's parameters and buffers to every process,
/// - averages the gradients across processes in the trainer's gradient hook, between the
///   backward pass and the optimiser step, in a few bucketed MPI_Allreduce calls, so every
///   process takes the same step (the mean of equal shards' mean gradients is the global
///   batch's gradient),
/// - at the end of each epoch, copies rank 0's batch-norm running statistics to every
///   process (each process normalises with its own shard's statistics during the epoch, as
///   DDP does by default) and checks that every process's parameters are bit-identical to
///   rank 0's.
///
/// ```swift
/// let world = try Communicator.start()
/// let trainer = Trainer(model: model, optimizer: Adam(model.parameters), configuration: .init(batchSize: 100, seed: 1, shard: world.shard))
/// let parallel = try DataParallel(trainer: trainer, communicator: world, runSeed: 1)
/// try trainer.fit(epochs: 5, train: splits.train, validation: splits.validation)
/// print(parallel.allreduceSeconds / Double(parallel.steps))
/// ```
public final class DataParallel<Scalar: TensorScalar> {
    /// The processes training together.
    public let communicator: Communicator
    /// The trainer attached to; its hooks keep this object alive, so it does not keep the trainer.
    public unowned let trainer: Trainer<Scalar>
    /// Time spent averaging gradients, waiting for the slowest process included.
    ///
    /// ```swift
    /// print(parallel.allreduceSeconds / Double(parallel.steps))   // seconds per step
    /// ```
    public private(set) var allreduceSeconds = 0.0
    /// Steps whose gradients were averaged.
    public private(set) var steps = 0
    private var buckets: GradientBuckets<Scalar>

    /// Scalars per gradient bucket: 4 MB of Float, large enough that a step of the flagship
    /// (1.1 million parameters) is two calls, small enough to stay in cache.
    ///
    /// ```swift
    /// let parallel = try DataParallel(trainer: trainer, communicator: world, runSeed: 1,
    ///                                 bucketCapacity: DataParallel<Float>.defaultBucketCapacity / 4)
    /// ```
    public static var defaultBucketCapacity: Int { 1 << 20 }

    /// Attaches to `trainer` (whose configuration's shard must be `communicator.shard`). A
    /// gradient hook the trainer already has runs after the averaging (clipping the average).
    ///
    /// ```swift
    /// let parallel = try DataParallel(trainer: trainer, communicator: world, runSeed: 42)
    /// ```
    public init(trainer: Trainer<Scalar>, communicator: Communicator, runSeed: UInt64,
                bucketCapacity: Int = defaultBucketCapacity) throws(DistributedError) {
        check(trainer.configuration.shard == communicator.shard,
              "DataParallel: the trainer's shard \(String(describing: trainer.configuration.shard)) is not rank \(communicator.rank) of \(communicator.size)")
        self.communicator = communicator
        self.trainer = trainer
        buckets = GradientBuckets(trainer.optimizer.parameters, capacity: bucketCapacity)
        trainer.model.seedRandomSources(runSeed: runSeed, rank: communicator.rank)
        try broadcastModel()
        let previous = trainer.callbacks.afterBackward
        trainer.callbacks.afterBackward = { [self] parameters in
            averageGradients(parameters)
            previous?(parameters)
        }
        trainer.callbacks.atEpochEnd = { [self] () throws(DistributedError) in
            try broadcast(trainer.model.namedBuffers.map(\.buffer))
            try checkParametersAgree()
        }
    }

    /// Replaces every process's gradients by their mean across processes. An MPI failure here
    /// ends the job (the hook cannot throw, and the other processes would wait forever).
    ///
    /// ```swift
    /// parallel.averageGradients(model.parameters)
    /// ```
    public func averageGradients(_ parameters: [Variable<Scalar>]) {
        let start = ProgressBar.monotonicSeconds()
        buckets.pack(parameters)
        for b in buckets.indices {
            do {
                try buckets.withBucket(b) { (buffer) throws(DistributedError) in try communicator.sum(buffer) }
            } catch {
                communicator.abort("averaging gradients: \(error)")
            }
        }
        buckets.unpack(into: parameters, scale: 1 / Scalar(communicator.size))
        allreduceSeconds += ProgressBar.monotonicSeconds() - start
        steps += 1
    }

    /// Copies rank 0's parameters and buffers to every process.
    ///
    /// ```swift
    /// try parallel.broadcastModel()
    /// ```
    public func broadcastModel() throws(DistributedError) {
        for p in trainer.model.parameters {
            var value = p.value
            try broadcast(&value)
            p.value = value
        }
        try broadcast(trainer.model.namedBuffers.map(\.buffer))
    }

    private func broadcast(_ buffers: [Buffer<Scalar>]) throws(DistributedError) {
        for buffer in buffers { try broadcast(&buffer.value) }
    }

    private func broadcast(_ tensor: inout Tensor<Scalar>) throws(DistributedError) {
        var failure: DistributedError?
        tensor.withUnsafeMutableBufferPointer { scalars in
            do throws(DistributedError) { try communicator.broadcast(UnsafeMutableRawBufferPointer(scalars), from: 0) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Throws unless every process's parameters are bit-identical to rank 0's (compared by a
    /// 64-bit checksum: one word per process crosses the network).
    ///
    /// ```swift
    /// try parallel.checkParametersAgree()
    /// ```
    public func checkParametersAgree() throws(DistributedError) {
        var fingerprint = Fingerprint()
        fingerprint.add(trainer.model.parameters.map(\.value))
        try checkAgree(fingerprint, what: "parameters")
    }

    /// Throws unless every process loaded the same training data as rank 0 (a host with other
    /// files would otherwise train on them silently).
    ///
    /// ```swift
    /// try parallel.checkSameData(splits.train)
    /// ```
    public func checkSameData(_ dataset: Dataset) throws(DistributedError) {
        var fingerprint = Fingerprint()
        fingerprint.add([dataset.images])
        for label in dataset.labels { fingerprint.add(word: UInt64(bitPattern: Int64(label))) }
        try checkAgree(fingerprint, what: "training data")
    }

    private func checkAgree(_ fingerprint: Fingerprint, what: String) throws(DistributedError) {
        let all = try communicator.gather([fingerprint.value]).map { $0[0] }
        let differing = all.indices.filter { all[$0] != all[0] }
        if !differing.isEmpty { throw .differsFromRankZero(what: what, ranks: differing) }
    }
}
#endif

import AdjointDistributed
import Foundation

/// What `train --distributed` changes in a run, as one of the processes of an `mpirun` job:
/// TrainCommand asks it at the few places where a process of several differs from a lone
/// one. Only rank 0 logs and writes the run folder; every process makes the same collective
/// calls in the same order.
///
/// ```swift
/// let cluster = try TrainCluster.start()
/// _ = try TrainCommand.run(options, cluster: cluster)
/// ```
package final class TrainCluster {
    /// This process's rank and the number of processes.
    package let rank: Int
    package let size: Int
    /// Rank 0's checkpoint file, readable by this process (copied over MPI, so the hosts need
    /// no shared folder).
    let sharedFile: (URL) throws -> URL
    /// Makes the trainer data-parallel: the dropout streams, rank 0's parameters, the gradient
    /// and epoch-end hooks; checks that every process loaded the same training data.
    let attach: (Trainer<Float>, Dataset, UInt64) throws -> Void
    /// Whether any process wants to stop (Ctrl-C on one of them, a failed save on rank 0).
    let anyStops: (Bool) -> Bool
    /// Every process's dropout generator states, for rank 0's checkpoint metadata.
    let randomStates: (Module<Float>) throws -> [String: String]
    /// The time spent averaging gradients, and over how many steps.
    let allreduceTime: () -> (seconds: Double, steps: Int)
    /// Leaves the job after a run.
    package let finish: () -> Void
    /// Ends every process of the job after printing `rank N: message`.
    package let abort: (String) -> Never

    init(rank: Int, size: Int, sharedFile: @escaping (URL) throws -> URL,
         attach: @escaping (Trainer<Float>, Dataset, UInt64) throws -> Void, anyStops: @escaping (Bool) -> Bool,
         randomStates: @escaping (Module<Float>) throws -> [String: String],
         allreduceTime: @escaping () -> (seconds: Double, steps: Int),
         finish: @escaping () -> Void, abort: @escaping (String) -> Never) {
        (self.rank, self.size, self.sharedFile, self.attach, self.anyStops) = (rank, size, sharedFile, attach, anyStops)
        (self.randomStates, self.allreduceTime, self.finish, self.abort) = (randomStates, allreduceTime, finish, abort)
    }

    /// The checkpoint metadata key of the number of processes a run trained on.
    static let processesKey = "distributed.processes"

    /// The metadata key of rank `rank`'s generator at `path`.
    static func randomKey(rank: Int, path: String) -> String { "distributed.rng.\(rank).\(path)" }

    /// Joins the `mpirun` job; in a build without the MPI trait, throws `DistributedError.unavailable`.
    package static func start() throws -> TrainCluster {
        #if MPI
        return try mpi(Communicator.start())
        #else
        throw DistributedError.unavailable
        #endif
    }

    /// Refuses to resume a run that trained on another number of processes (a single
    /// process counts as one).
    static func checkProcessCount(of checkpoint: URL, now: Int) throws {
        let stored = try CheckpointError.passingOn { try SafeTensors.open(checkpoint) }.metadata[processesKey].flatMap { Int($0) } ?? 1
        guard stored == now else { throw DistributedError.processCountChanged(checkpoint: stored, now: now) }
    }

    /// Restores this rank's dropout generators from the checkpoint (rank 0's are the model's own).
    func restoreRandomStates(_ model: Module<Float>, from checkpoint: URL) throws {
        guard rank > 0 else { return }
        let metadata = try CheckpointError.passingOn { try SafeTensors.open(checkpoint) }.metadata
        for (path, source) in model.namedRandomSources {
            let words = metadata[Self.randomKey(rank: rank, path: path)]?.split(separator: ",").compactMap { UInt64($0) } ?? []
            guard words.count == 4, words.contains(where: { $0 != 0 }) else {
                throw CommandLineError("\(checkpoint.path): no dropout generator state of rank \(rank) for \(path)")
            }
            source.generator.state = words
        }
    }

    /// Throughput and the share of the allreduce, for the log: `samples` trained in `seconds`.
    func speedReport(samples: Int, seconds: Double) -> String {
        let (allreduce, steps) = allreduceTime()
        let perStep = steps > 0 ? allreduce / Double(steps) * 1000 : 0
        return String(format: "%.0f samples/s on %d ranks; allreduce %.3f ms per step (%.1f %% of the training time)",
                      Double(samples) / seconds, size, perStep, allreduce / seconds * 100)
    }

    #if MPI
    /// A cluster over MPI_COMM_WORLD.
    static func mpi(_ world: Communicator) -> TrainCluster {
        var parallel: DataParallel<Float>?
        return TrainCluster(
            rank: world.rank, size: world.size,
            sharedFile: { url in
                let bytes = try world.broadcast(world.rank == 0 ? [UInt8](try Data(contentsOf: url)) : [], from: 0)
                guard world.rank != 0 else { return url }
                let copy = FileManager.default.temporaryDirectory.appending(path: "adjoint-rank\(world.rank)-\(getpid())-\(url.lastPathComponent)")
                try Data(bytes).write(to: copy)
                return copy
            },
            attach: { trainer, train, seed in
                let attached = try DataParallel(trainer: trainer, communicator: world, runSeed: seed)
                try attached.checkSameData(train)
                parallel = attached
            },
            anyStops: { stop in
                do { return try world.maximum(stop ? 1 : 0) > 0 } catch { world.abort("\(error)") }
            },
            randomStates: { model in
                let sources = model.namedRandomSources
                let all = try world.gather(sources.flatMap(\.source.generator.state))
                var metadata = [processesKey: String(world.size)]
                for (rank, words) in all.enumerated().dropFirst() {
                    for (i, path) in sources.map(\.path).enumerated() {
                        metadata[randomKey(rank: rank, path: path)] = words[(4 * i)..<(4 * i + 4)].map(String.init).joined(separator: ",")
                    }
                }
                return metadata
            },
            allreduceTime: { (parallel?.allreduceSeconds ?? 0, parallel?.steps ?? 0) },
            finish: { world.finish() },
            abort: { world.abort($0) })
    }
    #endif
}

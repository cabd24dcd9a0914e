/// Why a data-parallel run cannot start or go on. One line each, naming the rank.
///
/// ```swift
/// do { try DataShard.checkSplit(batchSize: 25, trainingSamples: 1000, processes: 2) } catch { print(error) }
/// // the batch size 25 does not split evenly across 2 processes; pass a multiple of 2
/// ```
public enum DistributedError: Error, CustomStringConvertible, Equatable, Sendable {
    /// This build has no MPI (it was built without the MPI trait).
    case unavailable
    /// An MPI call failed on this rank.
    case mpi(call: String, rank: Int, message: String)
    /// The global batch or the data cannot be split across the processes.
    case cannotSplit(String)
    /// Some ranks hold parameters (or data) that differ from rank 0's.
    case differsFromRankZero(what: String, ranks: [Int])
    /// A checkpoint was written by a run with another number of processes.
    case processCountChanged(checkpoint: Int, now: Int)

    /// The message printed for the error: one line that names the rank, the call or the fix.
    ///
    /// ```swift
    /// print(DistributedError.differsFromRankZero(what: "parameters", ranks: [2]))
    /// // the parameters of rank 2 differ from rank 0's
    /// ```
    public var description: String {
        switch self {
        case .unavailable:
            return "this build has no MPI; build with `swift build -c release --traits MPI` (needs libopenmpi-dev) and launch with mpirun"
        case let .mpi(call, rank, message):
            return "rank \(rank): \(call) failed: \(message)"
        case let .cannotSplit(message):
            return message
        case let .differsFromRankZero(what, ranks):
            return "the \(what) of rank\(ranks.count > 1 ? "s" : "") \(ranks.map(String.init).joined(separator: ", ")) differ from rank 0's"
        case let .processCountChanged(checkpoint, now):
            return "the run was trained on \(checkpoint) process\(checkpoint == 1 ? "" : "es") and is resumed on \(now); resume it with mpirun -np \(checkpoint)"
        }
    }
}

#if MPI
import CMPI
import Foundation

/// The processes an `mpirun` launched (MPI_COMM_WORLD), and the few collective operations
/// data-parallel training needs. Every process must make the same calls in the same order.
///
/// MPI calls return their errors here (MPI_ERRORS_RETURN) and become `DistributedError.mpi`;
/// `abort(_:)` ends every process of the job. If a process dies, mpirun ends the others.
///
/// ```swift
/// let world = try Communicator.start()
/// defer { world.finish() }
/// print(world.rank, world.size)
/// ```
public final class Communicator: @unchecked Sendable {
    /// This process's index, from 0.
    ///
    /// ```swift
    /// if world.rank == 0 { print("saving the checkpoint") }
    /// ```
    public let rank: Int
    /// The number of processes.
    ///
    /// ```swift
    /// try DataShard.checkSplit(batchSize: 100, trainingSamples: 9167, processes: world.size)
    /// ```
    public let size: Int
    private let comm = cmpi_comm_world()

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Initialises MPI (once per process) and joins the job. Without mpirun, a job of one.
    ///
    /// ```swift
    /// let world = try Communicator.start()
    /// ```
    public static func start() throws(DistributedError) -> Communicator {
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 { try call("MPI_Init", rank: 0, MPI_Init(nil, nil)) }
        let world = cmpi_comm_world()
        try call("MPI_Comm_set_errhandler", rank: 0, MPI_Comm_set_errhandler(world, cmpi_errors_return()))
        var rank: Int32 = 0, size: Int32 = 0
        try call("MPI_Comm_rank", rank: 0, MPI_Comm_rank(world, &rank))
        try call("MPI_Comm_size", rank: Int(rank), MPI_Comm_size(world, &size))
        return Communicator(rank: Int(rank), size: Int(size))
    }

    /// This process's part of every batch.
    ///
    /// ```swift
    /// let configuration = Trainer<Float>.Configuration(batchSize: 100, shard: world.shard)
    /// ```
    public var shard: DataShard { DataShard(rank: rank, count: size) }

    /// Sums `values` elementwise across the processes, in place (MPI_Allreduce).
    ///
    /// ```swift
    /// var counts: [Double] = [1, 2]
    /// try counts.withUnsafeMutableBufferPointer { try world.sum($0) }   // [2, 4] on two processes
    /// ```
    public func sum<S: TensorScalar>(_ values: UnsafeMutableBufferPointer<S>) throws(DistributedError) {
        guard values.count > 0 else { return }
        let type = S.self == Double.self ? cmpi_double() : cmpi_float()
        try check("MPI_Allreduce", MPI_Allreduce(cmpi_in_place(), values.baseAddress, Int32(values.count), type, cmpi_sum(), comm))
    }

    /// The largest of each process's `value` (MPI_Allreduce with MPI_MAX): for decisions every
    /// process must take together, such as stopping.
    ///
    /// ```swift
    /// let stop = trainer.history.loss.last?.isNaN ?? false   // this process's own reason
    /// let anyoneStops = try world.maximum(stop ? 1 : 0) > 0
    /// ```
    public func maximum(_ value: Int32) throws(DistributedError) -> Int32 {
        var value = value
        try check("MPI_Allreduce", MPI_Allreduce(cmpi_in_place(), &value, 1, cmpi_int(), cmpi_max(), comm))
        return value
    }

    /// Every process's `words`, in rank order (MPI_Allgather); every process passes as many.
    ///
    /// ```swift
    /// let checksums = try world.gather([fingerprint.value])   // one per rank
    /// ```
    public func gather(_ words: [UInt64]) throws(DistributedError) -> [[UInt64]] {
        var all = [UInt64](repeating: 0, count: words.count * size)
        try check("MPI_Allgather", MPI_Allgather(words, Int32(words.count), cmpi_uint64(), &all, Int32(words.count), cmpi_uint64(), comm))
        return (0..<size).map { Array(all[$0 * words.count ..< ($0 + 1) * words.count]) }
    }

    /// Overwrites `values` on every process with process `root`'s (MPI_Bcast).
    ///
    /// ```swift
    /// var seed: UInt64 = 42
    /// try withUnsafeMutableBytes(of: &seed) { bytes throws(DistributedError) in try world.broadcast(bytes, from: 0) }
    /// ```
    public func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) throws(DistributedError) {
        try check("MPI_Bcast", rawBroadcast(bytes, from: root))
    }

    /// MPI_Bcast of any size (MPI counts are Int32: larger buffers go in pieces); the first
    /// failing call's code.
    private func rawBroadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let count = min(bytes.count - offset, Int(Int32.max))
            let code = MPI_Bcast(bytes.baseAddress! + offset, Int32(count), cmpi_byte(), Int32(root), comm)
            if code != cmpi_success() { return code }
            offset += count
        }
        return cmpi_success()
    }

    /// Process `root`'s `bytes` on every process (the others pass anything, such as `[]`).
    ///
    /// ```swift
    /// let file = try world.broadcast(world.rank == 0 ? [UInt8](try Data(contentsOf: url)) : [], from: 0)
    /// ```
    public func broadcast(_ bytes: [UInt8], from root: Int) throws(DistributedError) -> [UInt8] {
        var count = [UInt64(bytes.count)]
        try check("MPI_Bcast", count.withUnsafeMutableBytes { rawBroadcast($0, from: root) })
        var result = rank == root ? bytes : [UInt8](repeating: 0, count: Int(count[0]))
        try check("MPI_Bcast", result.withUnsafeMutableBytes { rawBroadcast($0, from: root) })
        return result
    }

    /// Waits until every process has reached this call.
    public func barrier() throws(DistributedError) {
        try check("MPI_Barrier", MPI_Barrier(comm))
    }

    /// Prints `rank N: message` to standard error and ends every process of the job with
    /// status `status` (MPI_Abort), so none waits forever for this one.
    ///
    /// ```swift
    /// world.abort("the data folder is missing")
    /// ```
    public func abort(_ message: String, status: Int32 = 1) -> Never {
        FileHandle.standardError.write(Data("rank \(rank): \(message)\n".utf8))
        MPI_Abort(comm, status)
        exit(status)
    }

    /// Leaves the job (MPI_Finalize); call once, at the end.
    public func finish() {
        MPI_Finalize()
    }

    private func check(_ name: String, _ code: Int32) throws(DistributedError) {
        try Self.call(name, rank: rank, code)
    }

    private static func call(_ name: String, rank: Int, _ code: Int32) throws(DistributedError) {
        guard code != cmpi_success() else { return }
        var text = [CChar](repeating: 0, count: Int(cmpi_max_error_string()) + 1)
        var length: Int32 = 0
        MPI_Error_string(code, &text, &length)
        throw .mpi(call: name, rank: rank, message: String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
#endif

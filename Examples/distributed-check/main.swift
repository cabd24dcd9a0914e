// `mpirun -np 2 distributed-check`: the data-parallel checks CI runs under mpirun (a test
// bundle cannot be launched as several processes). Each check prints one line on rank 0;
// the first failure exits non-zero. `--fail abort|exit` instead makes rank 1 fail mid-training,
// to check that the whole job ends with a message naming it. Needs the MPI trait.
import AdjointDistributed
import Foundation

#if MPI
let world: Communicator
do { world = try Communicator.start() } catch {
    FileHandle.standardError.write(Data("distributed-check: \(error)\n".utf8))
    exit(1)
}
let arguments = Array(CommandLine.arguments.dropFirst())
if let i = arguments.firstIndex(of: "--fail"), i + 1 < arguments.count {
    FailureCheck.run(world: world, mode: arguments[i + 1])
}
do {
    try EqualityChecks(world: world).runAll()
    world.finish()
} catch {
    world.abort("distributed-check: \(error)")
}
#else
FileHandle.standardError.write(Data("distributed-check: \(DistributedError.unavailable)\n".utf8))
exit(1)
#endif

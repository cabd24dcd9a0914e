import AdjointDistributed
import Foundation
import Testing
@testable import AdjointCommandLine

// `train --distributed` and `--threads`: parsed, and refused with a message when this build
// cannot run them or a checkpoint was trained on another number of processes.

@Suite struct DistributedOptionsTests {
    @Test func distributedAndThreadsParse() throws {
        let options = try TrainOptions.parse(["--distributed", "--threads", "1"])
        #expect(options.distributed && options.threads == 1)
        #expect(try TrainOptions.parse([]).threads == nil)
        #expect(throws: TrainOptions.ParseError.invalidValue(option: "--threads", value: "0", expected: "an integer from 1 to 1024")) {
            try TrainOptions.parse(["--threads", "0"])
        }
    }

    #if !MPI
    @Test func aBuildWithoutTheTraitRefusesDistributed() {
        #expect(throws: DistributedError.unavailable) { try TrainCluster.start() }
        #expect("\(DistributedError.unavailable)".contains("--traits MPI"))
    }
    #endif

    @Test func resumingOnAnotherProcessCountIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "adjoint-processes-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let net = Linear<Float>(2, 2)
        let two = folder.appending(path: "two.safetensors"), one = folder.appending(path: "one.safetensors")
        try Checkpoint.save(model: net, metadata: [TrainCluster.processesKey: "2"], to: two)
        try Checkpoint.save(model: net, to: one)
        #expect(throws: DistributedError.processCountChanged(checkpoint: 2, now: 1)) { try TrainCluster.checkProcessCount(of: two, now: 1) }
        #expect(throws: DistributedError.processCountChanged(checkpoint: 1, now: 2)) { try TrainCluster.checkProcessCount(of: one, now: 2) }
        try TrainCluster.checkProcessCount(of: two, now: 2)
        #expect("\(DistributedError.processCountChanged(checkpoint: 2, now: 1))" == "the run was trained on 2 processes and is resumed on 1; resume it with mpirun -np 2")
    }
}

#if MPI
import AdjointDistributed
import Foundation

/// Rank 1 fails in the middle of training while the others wait in an allreduce: with
/// `abort` it reports an error as a run does (`rank 1: ...` and MPI_Abort), with `exit` it
/// dies without a word. Either way the job must end non-zero within seconds; CI checks it.
enum FailureCheck {
    static func run(world: Communicator, mode: String) -> Never {
        let net = FullyConnectedNet<Float>(hiddenSizes: [32], inputSize: 8, classes: 3, seed: 1)
        let trainer = Trainer(model: net, optimizer: SGD(net.parameters, learningRate: 0.1),
                              configuration: .init(batchSize: 10, shard: world.shard))
        do {
            _ = try DataParallel(trainer: trainer, communicator: world, runSeed: 0)
        } catch {
            world.abort("\(error)")
        }
        trainer.callbacks.onStep = { iteration, _ in
            guard world.rank == 1, iteration == 3 else { return }
            if mode == "exit" { exit(3) }
            world.abort("a deliberate failure at step \(iteration)")
        }
        var rng = SeededGenerator(seed: 0)
        let data = Dataset(images: .randn([1000, 8], using: &rng), labels: (0..<1000).map { $0 % 3 }, classNames: ["a", "b", "c"])
        do {
            try trainer.fit(epochs: 100, train: data, validation: data.subset(0..<0))
        } catch {
            world.abort("\(error)")
        }
        world.abort("rank \(world.rank) finished 100 epochs although rank 1 failed")
    }
}
#endif

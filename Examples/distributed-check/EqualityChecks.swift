#if MPI
import AdjointDistributed
import Foundation

/// The equality checks: data-parallel training against one process on the whole batch,
/// and the parts that keep processes in step (broadcast, checksum, dropout streams, refusals).
struct EqualityChecks {
    let world: Communicator

    /// A failed check, with what was measured.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func runAll() throws {
        let double = try equality(Double.self, tolerance: 1e-12)
        let float = try equality(Float.self, tolerance: 1e-5)
        report("equality after one epoch, \(world.size) ranks x batch \(100 / world.size) vs 1 process x batch 100: Double max relative difference \(double) (< 1e-12), Float \(float) (< 1e-5)")
        try broadcastFromRankZero()
        try checksumCatchesADifference()
        try dropoutStreamsDiffer()
        try indivisibleBatchRefused()
        try timeAllreduce()
        report("all distributed checks passed on \(world.size) ranks")
    }

    /// Synthetic data every rank makes alike: 2,000 points of 32 features in 10 Gaussian clusters.
    func data() -> Dataset {
        var rng = SeededGenerator(seed: 11)
        let centers = Tensor<Float>.randn([10, 32], using: &rng)
        let labels = (0..<2000).map { _ in rng.nextInt(below: 10) }
        let noise = Tensor<Float>.randn([2000, 32], std: 1.5, using: &rng)
        return Dataset(images: centers.gatheringRows(labels) + noise, labels: labels, classNames: (0..<10).map(String.init))
    }

    /// One epoch (20 steps of Adam at a global batch of 100) of a net without dropout or batch
    /// norm, on `world.size` ranks and on this process alone; the largest difference of a
    /// parameter, relative to that parameter's largest magnitude.
    func equality<S: TensorScalar>(_: S.Type, tolerance: Double) throws -> Double {
        let train = data()
        func trainer(shard: DataShard?) -> Trainer<S> {
            let net = FullyConnectedNet<S>(hiddenSizes: [64, 64], inputSize: 32, classes: 10, initialization: .kaiming, seed: 3)
            return Trainer(model: net, optimizer: Adam(net.parameters, learningRate: 1e-3),
                           loss: { softmaxCrossEntropy($0, labels: $1) + halfL2Penalty(net.weights, reg: 1e-3) },
                           configuration: .init(batchSize: 100, restoreBest: false, seed: 5, shard: shard))
        }
        let parallel = trainer(shard: world.shard)
        _ = try DataParallel(trainer: parallel, communicator: world, runSeed: 5)
        try parallel.fit(epochs: 1, train: train, validation: train.subset(0..<0))
        let single = trainer(shard: nil)
        try single.fit(epochs: 1, train: train, validation: train.subset(0..<0))
        var worst = 0.0
        for ((path, a), b) in zip(parallel.model.namedParameters, single.model.parameters) {
            let scale = Double(b.value.abs().max().scalar)
            let difference = Double((a.value - b.value).abs().max().scalar) / scale
            worst = max(worst, difference)
            guard difference < tolerance else {
                throw Failure(description: "\(S.dtypeName) \(path): relative difference \(difference) >= \(tolerance)")
            }
        }
        // Every rank compared against its own single-process run: take the worst over ranks.
        let gathered = try world.gather([worst.bitPattern]).map { Double(bitPattern: $0[0]) }
        return gathered.max()!
    }

    /// Ranks that build their models from different seeds hold rank 0's parameters after attaching.
    func broadcastFromRankZero() throws {
        let net = FullyConnectedNet<Float>(hiddenSizes: [16], inputSize: 8, classes: 3, useBatchNorm: true, seed: UInt64(world.rank))
        let parallel = try DataParallel(trainer: Trainer(model: net, optimizer: SGD(net.parameters, learningRate: 0.1),
                                                         configuration: .init(batchSize: 10, shard: world.shard)),
                                        communicator: world, runSeed: 0)
        let expected = FullyConnectedNet<Float>(hiddenSizes: [16], inputSize: 8, classes: 3, useBatchNorm: true, seed: 0)
        guard zip(net.parameters, expected.parameters).allSatisfy({ $0.value == $1.value }) else {
            throw Failure(description: "rank \(world.rank): parameters differ from rank 0's seed after the broadcast")
        }
        try parallel.checkParametersAgree()
        report("broadcast: every rank starts from rank 0's parameters")
    }

    /// A one-ulp change to one parameter on the last rank is found, and named, on every rank.
    func checksumCatchesADifference() throws {
        let net = FullyConnectedNet<Float>(hiddenSizes: [16], inputSize: 8, classes: 3, seed: 1)
        let parallel = try DataParallel(trainer: Trainer(model: net, optimizer: SGD(net.parameters, learningRate: 0.1),
                                                         configuration: .init(batchSize: 10, shard: world.shard)),
                                        communicator: world, runSeed: 0)
        let last = world.size - 1
        if world.rank == last && world.size > 1 {
            var value = net.parameters[0].value
            value[0, 0] = value[0, 0].nextUp
            net.parameters[0].value = value
        }
        do {
            try parallel.checkParametersAgree()
            guard world.size == 1 else { throw Failure(description: "a one-ulp difference on rank \(last) went unnoticed") }
        } catch let error as DistributedError {
            guard error == .differsFromRankZero(what: "parameters", ranks: [last]) else { throw error }
            report("checksum: a one-ulp difference on rank \(last) is reported on every rank: \(error)")
        }
    }

    /// Each rank's dropout masks come from its own stream.
    func dropoutStreamsDiffer() throws {
        let net = FullyConnectedNet<Float>(hiddenSizes: [16, 16], inputSize: 8, classes: 3, dropout: 0.5, seed: 1)
        net.seedRandomSources(runSeed: 1, rank: world.rank)
        let states = try world.gather(net.namedRandomSources.flatMap(\.source.generator.state))
        guard Set(states).count == world.size else { throw Failure(description: "two ranks share a dropout stream") }
        report("dropout: \(world.size) ranks draw from \(world.size) different streams")
    }

    /// A batch that does not split evenly is refused before training.
    func indivisibleBatchRefused() throws {
        guard world.size > 1 else { return }
        do {
            try DataShard.checkSplit(batchSize: 10 * world.size + 1, trainingSamples: 2000, processes: world.size)
            throw Failure(description: "a batch of \(10 * world.size + 1) was accepted on \(world.size) ranks")
        } catch DistributedError.cannotSplit(let message) {
            report("refused: \(message)")
        }
    }

    /// Not a check: the time of one allreduce of the flagship's gradients (1,153,010 Floats)
    /// after a barrier, so no rank waits for another's compute; the median of 20.
    func timeAllreduce() throws {
        var gradients = [Float](repeating: 1, count: 1_153_010)
        var times: [Double] = []
        for _ in 0..<20 {
            try world.barrier()
            let start = ProgressBar.monotonicSeconds()
            try gradients.withUnsafeMutableBufferPointer { (buffer) throws(DistributedError) in try world.sum(buffer) }
            times.append(ProgressBar.monotonicSeconds() - start)
        }
        report(String(format: "timing: an allreduce of the flagship's 1,153,010 Float gradients (4.6 MB) takes %.2f ms (median of 20)",
                      times.sorted()[10] * 1000))
    }

    func report(_ line: String) {
        if world.rank == 0 { print(line) }
    }
}
#endif

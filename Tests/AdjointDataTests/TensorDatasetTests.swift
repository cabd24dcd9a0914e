import Testing
@testable import AdjointData

// TensorDataset and TensorDataLoader: inputs and targets stay paired, every sample is visited
// once per epoch in a seeded order, the last partial batch is kept or dropped.

@Suite struct TensorDatasetBatching {
    /// Sample `i` has inputs `(i, -i)`, a tensor target `10 i` and the label `i % 3`.
    static func samples(_ count: Int) -> (TensorDataset<Tensor<Float>, Tensor<Float>>, TensorDataset<Tensor<Float>, [Int]>) {
        let ids = (0..<count).map(Float.init)
        let inputs = Tensor(ids.flatMap { [$0, -$0] }, shape: [count, 2])
        return (TensorDataset(inputs: inputs, targets: Tensor(ids.map { 10 * $0 }, shape: [count, 1])),
                TensorDataset(inputs: inputs, targets: (0..<count).map { $0 % 3 }))
    }

    @Test func everySampleOncePerEpochWithItsTarget() {
        let (regression, labelled) = Self.samples(10)
        let loader = TensorDataLoader(regression, batchSize: 4, seed: 3)
        #expect(loader.batchCount == 3)
        for epoch in 0..<3 {
            let batches = Array(loader.epoch(epoch))
            #expect(batches.map { $0.inputs.shape } == [[4, 2], [4, 2], [2, 2]])
            let ids = batches.flatMap { batch in batch.inputs.scalars.enumerated().filter { $0.offset % 2 == 0 }.map { Int($0.element) } }
            #expect(ids.sorted() == Array(0..<10))
            #expect(ids == loader.order(epoch: epoch))
            for batch in batches {
                #expect(batch.targets.scalars == batch.inputs.scalars.enumerated().filter { $0.offset % 2 == 0 }.map { 10 * $0.element })
            }
        }
        let labels = TensorDataLoader(labelled, batchSize: 4, seed: 3).epoch(1).flatMap(\.targets)
        #expect(labels == loader.order(epoch: 1).map { $0 % 3 })
    }

    @Test func theOrderIsSeededAndReproducible() {
        let (data, labelled) = Self.samples(50)
        let loader = TensorDataLoader(data, batchSize: 8, seed: 11)
        #expect(Array(loader.epoch(2)).map(\.inputs) == Array(TensorDataLoader(data, batchSize: 8, seed: 11).epoch(2)).map(\.inputs))
        #expect(loader.order(epoch: 0) != loader.order(epoch: 1))
        #expect(loader.order(epoch: 0) != TensorDataLoader(data, batchSize: 8, seed: 12).order(epoch: 0))
        #expect(loader.order(epoch: 0) != Array(0..<50))
        // The same orders as the image DataLoader's, so both trainers shuffle alike.
        let images = Dataset(images: data.inputs, labels: labelled.targets, classNames: ["a", "b", "c"])
        #expect(loader.order(epoch: 4) == DataLoader(images, batchSize: 8, seed: 11).order(epoch: 4))
        #expect(TensorDataLoader(data, batchSize: 8, shuffle: false).order(epoch: 3) == Array(0..<50))
    }

    @Test func theLastPartialBatchIsKeptOrDropped() {
        let (data, _) = Self.samples(10)
        let keeping = TensorDataLoader(data, batchSize: 3, shuffle: false)
        #expect(Array(keeping.epoch(0)).map { $0.inputs.shape[0] } == [3, 3, 3, 1])
        let dropping = TensorDataLoader(data, batchSize: 3, shuffle: false, dropLast: true)
        #expect(dropping.batchCount == 3)
        #expect(Array(dropping.epoch(0)).map { $0.targets.scalars } == [[0, 10, 20], [30, 40, 50], [60, 70, 80]])
        #expect(TensorDataLoader(data, batchSize: 5, dropLast: true).batchCount == 2)
    }

    @Test func sequenceTargetsAndSubsets() {
        let inputs = Tensor<Float>((0..<12).map(Float.init), shape: [4, 3])
        let data = TensorDataset(inputs: inputs, targets: [[0, 1], [2, 3], [4, 5], [6, 7]])
        #expect(data.count == 4)
        let part = data.subset([3, 1])
        #expect(part.targets == [[6, 7], [2, 3]])
        #expect(part.inputs.scalars == [9, 10, 11, 3, 4, 5])
        #expect(data.subset(1..<3).targets == [[2, 3], [4, 5]])
        var rng = SeededGenerator(seed: 5)
        let shuffled = data.shuffled(using: &rng)
        var again = SeededGenerator(seed: 5)
        #expect(shuffled.targets == data.subset(again.permutation(4)).targets)
    }
}

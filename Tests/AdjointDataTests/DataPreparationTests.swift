import Foundation
import Testing
@testable import AdjointData

@Suite("Data: splits, preprocessing, shuffling and batches")
struct DataPreparationTests {
    /// `count` 2x2 images with 3 channels; example `n` has value `100 n + 10 c + p` at pixel `p`, channel `c`.
    static func toy(_ count: Int, classes: Int = 4) -> Dataset {
        var values: [Float] = []
        for n in 0..<count {
            for p in 0..<4 {
                for c in 0..<3 { values.append(Float(100 * n + 10 * c + p)) }
            }
        }
        return Dataset(images: Tensor(values, shape: [count, 2, 2, 3]), labels: (0..<count).map { $0 % classes },
                       classNames: (0..<classes).map { "class \($0)" })
    }

    @Test func gatheringRowsCopiesTheRowsInOrder() {
        let x = Tensor<Float>([1, 2, 3, 4, 5, 6], shape: [3, 2])
        #expect(x.gatheringRows([2, 0, 2]) == Tensor([5, 6, 1, 2, 5, 6], shape: [3, 2]))
        #expect(x.gatheringRows([]).shape == [0, 2])
        let toy = Self.toy(5)
        #expect(toy.subset([4, 1]).images == Tensor.concatenate([toy.images[4..<5], toy.images[1..<2]]))
        #expect(toy.subset([4, 1]).labels == [0, 1])
    }

    @Test func flatteningKeepsTheImageShape() {
        let toy = Self.toy(3)
        let flat = toy.flattened()
        #expect(flat.images.shape == [3, 12])
        #expect(flat.isFlat && !toy.isFlat)
        #expect(flat.imageShape == [2, 2, 3])
        #expect(flat.unflattened().images == toy.images)
        #expect(flat[1].image.shape == [12])
        #expect(toy.classCounts() == [1, 1, 1, 0])
    }

    @Test func splitsByCountFollowTheAssignments() throws {
        // 49000/1000/1000 of 50000 + 10000, scaled down by 1000.
        let training = Self.toy(50), test = Self.toy(10)
        let splits = try DataSplits(training: training, test: test, trainCount: 49, validationCount: 1, testCount: 1)
        #expect(splits.train.count == 49 && splits.validation.count == 1 && splits.test.count == 1)
        #expect(splits.validation.images == training.images[49..<50])
        #expect(splits.test.images == test.images[0..<1])

        let defaults = try DataSplits(training: training, test: test, validationCount: 5)
        #expect(defaults.train.count == 45 && defaults.test.count == 10)
        #expect(defaults.validation.labels == Array(training.labels[45...]))

        let tooMany = dataError { () throws(DataError) in
            try DataSplits(training: training, test: test, trainCount: 49_000, validationCount: 1000, testCount: 1000)
        }
        guard case .mismatch(let why) = tooMany?.reason else { Issue.record("\(String(describing: tooMany))"); return }
        #expect(why.contains("49000"))
        #expect(throws: DataError.self) { try DataSplits(training: training, test: test, validationCount: 1, testCount: 11) }
    }

    @Test func splitsByFraction() throws {
        let data = Self.toy(20)
        let splits = try DataSplits(training: data, test: Self.toy(4), validationFraction: 0.1)
        #expect(splits.train.count == 18 && splits.validation.count == 2)
        let (first, rest) = try data.split(fraction: 0.75)
        #expect(first.count == 15 && rest.count == 5)
        #expect(rest.labels == Array(data.labels[15...]))
        #expect(try data.split(at: 20).rest.count == 0)
        #expect(throws: DataError.self) { try data.split(fraction: 1.5) }
        #expect(throws: DataError.self) { try data.split(at: 21) }
    }

    @Test func scalingMapsPixelsToTheUnitInterval() {
        let pixels = Dataset(images: Tensor([0, 51, 255, 102], shape: [2, 2]), labels: [0, 1], classNames: ["a", "b"])
        #expect(zip(pixels.scaled().images.scalars, [0, 0.2, 1, 0.4]).allSatisfy { abs($0 - $1) < 1e-7 })
        #expect(pixels.scaled(by: 2).images.scalars == [0, 102, 510, 204])
    }

    @Test func meanImageIsFittedOnTrainingDataAndAppliedLater() throws {
        let train = Self.toy(5), test = Self.toy(2)
        let mean = MeanImage(fitting: train)
        #expect(mean.tensor.shape == [2, 2, 3])
        // Mean of 100 n over n = 0..<5 is 200.
        #expect(mean.values[0] == 200 && mean.values[11] == 200 + 20 + 3)
        let centred = mean.apply(to: train)
        #expect(centred.images.mean(alongAxes: [0]).abs().max().scalar < 1e-4)
        #expect(mean.apply(to: test).images[0, 0, 0, 0] == -200)
        #expect(mean.apply(to: train.flattened()).images == centred.images.reshaped([5, 12]))
        let decoded = try JSONDecoder().decode(MeanImage.self, from: JSONEncoder().encode(mean))
        #expect(decoded == mean)
    }

    @Test func channelNormalizationGivesZeroMeanUnitVariancePerChannel() throws {
        var rng = SeededGenerator(seed: 5)
        let images = Tensor<Float>.randn([200, 4, 4, 3], using: &rng) * Tensor([1, 5, 0.5]) + Tensor([10, -3, 0])
        let train = Dataset(images: images, labels: [Int](repeating: 0, count: 200), classNames: ["x"])
        let norm = ChannelNormalization(fitting: train)
        #expect(abs(norm.mean[0] - 10) < 0.2 && abs(norm.std[1] - 5) < 0.3 && abs(norm.std[2] - 0.5) < 0.05)
        let normalised = norm.apply(to: train).images.reshaped([-1, 3])
        let means = normalised.mean(alongAxes: [0]).scalars
        let variances = normalised.variance(alongAxes: [0]).scalars
        for c in 0..<3 {
            #expect(abs(means[c]) < 1e-4)
            #expect(abs(variances[c] - 1) < 1e-3)
        }
        // The flattened layout is normalised identically; later data uses the kept statistics.
        #expect(norm.apply(to: train.flattened()).images == norm.apply(to: train).images.reshaped([200, 48]))
        let later = norm.apply(to: Self.toy(1))
        #expect(abs(later.images[0, 0, 0, 1] - (10 - norm.mean[1]) / norm.std[1]) < 1e-5)
        let decoded = try JSONDecoder().decode(ChannelNormalization.self, from: JSONEncoder().encode(norm))
        #expect(decoded == norm)
    }

    @Test func constantChannelsAreCentredNotDividedByZero() {
        let flat = Dataset(images: Tensor(repeating: 7, shape: [3, 4]), labels: [0, 0, 0], classNames: ["x"])
        let norm = ChannelNormalization(fitting: flat)
        #expect(norm.mean == [7] && norm.std == [0])
        #expect(norm.apply(to: flat).images.scalars.allSatisfy { $0 == 0 })
    }

    @Test func shufflingIsASeededPermutation() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9), c = SeededGenerator(seed: 10)
        let order = a.permutation(1000)
        #expect(order.sorted() == Array(0..<1000))
        #expect(order != Array(0..<1000))
        #expect(order == b.permutation(1000))
        #expect(order != c.permutation(1000))
        #expect(a.permutation(0).isEmpty && a.permutation(1) == [0])

        let data = Self.toy(30)
        var rng = SeededGenerator(seed: 9)
        let shuffled = data.shuffled(using: &rng)
        var again = SeededGenerator(seed: 9)
        #expect(shuffled.images == data.subset(again.permutation(30)).images)
        #expect(shuffled.classCounts() == data.classCounts())
        #expect(shuffled.images.sum().scalar == data.images.sum().scalar)
    }

    @Test func loaderVisitsEveryExampleOncePerEpochInAReproducibleOrder() {
        let data = Self.toy(10)
        let loader = DataLoader(data, batchSize: 4, shuffle: true, seed: 3)
        #expect(loader.batchCount == 3)
        let batches = Array(loader.epoch(0))
        #expect(batches.map(\.count) == [4, 4, 2])
        #expect(batches.flatMap(\.indices).sorted() == Array(0..<10))
        for batch in batches {
            #expect(batch.images == data.images.gatheringRows(batch.indices))
            #expect(batch.labels == batch.indices.map { data.labels[$0] })
            #expect(batch.images.shape == [batch.count, 2, 2, 3])
        }
        #expect(loader.epoch(0).flatMap(\.indices) == batches.flatMap(\.indices))
        #expect(loader.order(epoch: 1) != loader.order(epoch: 0))
        #expect(DataLoader(data, batchSize: 4, seed: 4).order(epoch: 0) != loader.order(epoch: 0))

        let dropping = DataLoader(data.flattened(), batchSize: 4, shuffle: false, dropLast: true)
        #expect(dropping.batchCount == 2)
        #expect(dropping.epoch(5).flatMap(\.indices) == Array(0..<8))
        #expect(Array(dropping.epoch(0))[0].images.shape == [4, 12])
    }

    @Test func randomBatchesSampleWithReplacement() {
        let data = Self.toy(6)
        var rng = SeededGenerator(seed: 1)
        let batch = data.randomBatch(size: 50, using: &rng)
        #expect(batch.count == 50)
        #expect(batch.indices.allSatisfy { (0..<6).contains($0) })
        #expect(Set(batch.indices).count == 6)
        #expect(batch.images == data.images.gatheringRows(batch.indices))
    }
}

import Foundation
import Testing
import AdjointTraining

@Suite struct AugmentationTests {
    /// One 3x4 image holding its pixel indices 1...12, so each output names its source pixel.
    let ramp = Tensor<Float>((1...12).map(Float.init), shape: [1, 3, 4, 1])

    /// `count` random 6x6 grey images in 3 classes, seeded.
    static func tinyImages(count: Int, seed: UInt64) -> Dataset {
        var rng = SeededGenerator(seed: seed)
        let images = Tensor<Float>((0..<(count * 36)).map { _ in Float(rng.nextUniform()) }, shape: [count, 6, 6, 1])
        return Dataset(images: images, labels: (0..<count).map { $0 % 3 }, classNames: ["a", "b", "c"])
    }

    @Test func sameSeedEpochAndBatchGiveTheSameTransforms() {
        let a = Augmentation(maxShift: 2, horizontalFlip: true, seed: 7)
        #expect(a.transforms(count: 50, epoch: 3, position: 9).map { "\($0)" } == a.transforms(count: 50, epoch: 3, position: 9).map { "\($0)" })
        let others = [a.transforms(count: 50, epoch: 3, position: 10), a.transforms(count: 50, epoch: 4, position: 9),
                      Augmentation(maxShift: 2, horizontalFlip: true, seed: 8).transforms(count: 50, epoch: 3, position: 9)]
        for other in others { #expect(other.map { "\($0)" } != a.transforms(count: 50, epoch: 3, position: 9).map { "\($0)" }) }
        let drawn = a.transforms(count: 2000, epoch: 0, position: 0)
        #expect(Set(drawn.map(\.dx)) == Set(-2...2) && Set(drawn.map(\.dy)) == Set(-2...2))
        let flips = drawn.filter(\.flip).count
        #expect(flips > 900 && flips < 1100)
        #expect(!Augmentation(maxShift: 1, horizontalFlip: false, seed: 0).transforms(count: 100, epoch: 0, position: 0).contains { $0.flip })
    }

    @Test func shiftsMoveThePixelsAndFillTheBorder() {
        let a = Augmentation(maxShift: 1, horizontalFlip: true, fill: [-1], seed: 3)
        for position in 0..<40 {
            let t = a.transforms(count: 1, epoch: 0, position: position)[0]
            let out = a.apply(to: ramp, imageShape: [3, 4, 1], epoch: 0, position: position).scalars
            for row in 0..<3 {
                for column in 0..<4 {
                    let (r, shifted) = (row - t.dy, column - t.dx)
                    let c = t.flip ? 3 - shifted : shifted
                    let expected: Float = r >= 0 && r < 3 && c >= 0 && c < 4 ? Float(r * 4 + c + 1) : -1
                    #expect(out[row * 4 + column] == expected, "position \(position) transform \(t) pixel (\(row), \(column))")
                }
            }
        }
    }

    @Test func flatRowsAndChannelsKeepTheirShape() {
        let a = Augmentation(maxShift: 1, horizontalFlip: true, fill: [5, 6], seed: 0)
        let images = Tensor<Float>.ones([4, 18])
        let out = a.apply(to: images, imageShape: [3, 3, 2], epoch: 1, position: 2)
        #expect(out.shape == [4, 18])
        // Every value is an original pixel or its channel's fill.
        for (i, v) in out.scalars.enumerated() { #expect(v == 1 || v == (i % 2 == 0 ? 5 : 6)) }
    }

    /// A run stopped after its first epoch and resumed reaches the same parameters, bit for
    /// bit, as one that ran both epochs: the augmentation of a batch does not depend on the
    /// batches before it.
    @Test func resumedRunMatchesTheUnstoppedOne() throws {
        let data = Self.tinyImages(count: 60, seed: 1)
        func trainer() -> Trainer<Float> {
            let model = SmallConvolutionalNetwork<Float>(height: 6, width: 6, channels: 1, classes: 3, filters: (2, 2),
                                                         hiddenSize: 4, batchNorm: true, seed: 5)
            let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 1e-2),
                                  configuration: .init(batchSize: 16, restoreBest: false, seed: 2))
            trainer.batchTransform = Augmentation(maxShift: 1, horizontalFlip: true, seed: 2).batchTransform(imageShape: data.imageShape)
            return trainer
        }
        let straight = trainer()
        try straight.fit(epochs: 2, train: data, validation: data)

        let first = trainer()
        try first.fit(epochs: 1, train: data, validation: data)
        let resumed = trainer()
        try resumed.model.load(first.model.state)
        try resumed.restore(first.state)
        try resumed.optimizer.restore(first.optimizer.state)
        try resumed.fit(epochs: 1, train: data, validation: data)
        #expect(resumed.model.state == straight.model.state)

        let plain = trainer()
        plain.batchTransform = nil
        try plain.fit(epochs: 2, train: data, validation: data)
        #expect(plain.model.state != straight.model.state)
    }
}

import Testing
@testable import AdjointTraining

/// Under data parallelism each process augments its shard of the batch; every row must get the
/// transform it gets when one process augments the whole batch.
@Suite struct AugmentationShardTests {
    @Test func shardsAugmentLikeTheWholeBatch() {
        var rng = SeededGenerator(seed: 3)
        let images = Tensor<Float>.uniform([8, 6, 6, 1], using: &rng)
        let augmentation = Augmentation(maxShift: 2, horizontalFlip: true, seed: 11)
        let whole = augmentation.apply(to: images, imageShape: [6, 6, 1], epoch: 2, position: 5)
        let halves = (0..<2).map { rank in
            augmentation.apply(to: images[(rank * 4)..<((rank + 1) * 4)], imageShape: [6, 6, 1], epoch: 2, position: 5,
                               offset: rank * 4)
        }
        #expect(halves[0].scalars + halves[1].scalars == whole.scalars)
        // The shards do not repeat each other's draws.
        let unshifted = augmentation.apply(to: images[4..<8], imageShape: [6, 6, 1], epoch: 2, position: 5)
        #expect(unshifted.scalars != halves[1].scalars)
    }
}

/// Cheap, seeded data augmentation of image batches: a random shift of up to ``maxShift``
/// pixels in each direction (the uncovered border filled with ``fill``, per channel) and, if
/// ``horizontalFlip``, a mirror image half of the time.
///
/// The transforms of a batch are drawn from a generator seeded by the run's seed, the epoch
/// and the batch's position in it, never from a generator that runs on across batches: the
/// same run draws the same transforms, and a run resumed from a checkpoint mid-epoch draws
/// what it would have drawn, so it stays bit for bit the run that was not stopped.
///
/// ```swift
/// let augmentation = Augmentation(maxShift: 2, horizontalFlip: true, seed: 0)
/// let images = augmentation.apply(to: batch.images, imageShape: [28, 28, 1], epoch: 3, position: 17)
/// ```
public struct Augmentation: Sendable, Equatable, Codable {
    /// The largest shift, in pixels, along each axis (0 for none).
    public var maxShift: Int
    /// Whether half of the images are mirrored left to right.
    public var horizontalFlip: Bool
    /// The value of each channel where a shift uncovers the border (one value for all channels
    /// when it has one element). After normalisation, a black border is `-mean / std`.
    ///
    /// ```swift
    /// let cifar = Augmentation(maxShift: 1, horizontalFlip: true, fill: zip(norm.mean, norm.std).map { -$0 / $1 }, seed: 1)
    /// ```
    public var fill: [Float]
    /// The seed the transforms are drawn from, with the epoch and the batch's position.
    public var seed: UInt64

    /// An augmentation; `fill` defaults to zeros.
    ///
    /// ```swift
    /// let shifts = Augmentation(maxShift: 2, horizontalFlip: false, fill: [-0.81], seed: 1)
    /// ```
    public init(maxShift: Int, horizontalFlip: Bool, fill: [Float] = [0], seed: UInt64) {
        check(maxShift >= 0, "Augmentation: maxShift must not be negative, got \(maxShift)")
        check(!fill.isEmpty, "Augmentation: fill needs at least one value")
        (self.maxShift, self.horizontalFlip, self.fill, self.seed) = (maxShift, horizontalFlip, fill, seed)
    }

    /// The transform of each image of a batch: its shift `(dy, dx)` and whether it is mirrored.
    ///
    /// ```swift
    /// let first = augmentation.transforms(count: 64, epoch: 0, position: 0)[0]
    /// ```
    public func transforms(count: Int, epoch: Int, position: Int) -> [(dy: Int, dx: Int, flip: Bool)] {
        // Distinct odd multipliers keep (epoch, position) pairs apart before SplitMix mixes them.
        var rng = SeededGenerator(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
                                  ^ (UInt64(position) &* 0xD6E8_FEB8_6659_FD93) ^ 0x6175_676D_656E_7473)
        let span = 2 * maxShift + 1
        return (0..<count).map { _ in
            (rng.nextInt(below: span) - maxShift, rng.nextInt(below: span) - maxShift, horizontalFlip && rng.next() & 1 == 1)
        }
    }

    /// This augmentation as a trainer's batch transform, for batches of images of `imageShape`.
    ///
    /// ```swift
    /// trainer.batchTransform = Augmentation(maxShift: 1, horizontalFlip: true, seed: 1).batchTransform(imageShape: [28, 28, 1])
    /// ```
    public func batchTransform(imageShape: [Int]) -> BatchTransform {
        { images, at in apply(to: images, imageShape: imageShape, epoch: at.epoch, position: at.index, offset: at.offset) }
    }

    /// `images` (`(N, H, W, C)`, or `(N, H*W*C)` rows of `imageShape`), each shifted and
    /// perhaps mirrored as ``transforms(count:epoch:position:)`` says, in the same shape.
    /// `offset` is the first image's row in the whole batch when `images` is one process's
    /// shard of it, so every row gets the transform it would get in one process.
    ///
    /// ```swift
    /// let augmented = augmentation.apply(to: batch.images, imageShape: train.imageShape, epoch: 0, position: 5)
    /// ```
    public func apply(to images: Tensor<Float>, imageShape: [Int], epoch: Int, position: Int, offset: Int = 0) -> Tensor<Float> {
        let (h, w, c) = imageShape.count == 3 ? (imageShape[0], imageShape[1], imageShape[2])
            : imageShape.count == 2 ? (imageShape[0], imageShape[1], 1) : (1, imageShape.reduce(1, *), 1)
        let n = images.shape[0]
        check(images.count == n * h * w * c, "Augmentation: images of shape \(images.shape) are not rows of \(imageShape)")
        check(fill.count == 1 || fill.count == c, "Augmentation: \(fill.count) fill values for \(c) channels")
        let plan = transforms(count: offset + n, epoch: epoch, position: position).dropFirst(offset)
        var out = [Float](repeating: 0, count: images.count)
        images.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                for (i, t) in zip(0..., plan) {
                    let base = i * h * w * c
                    for row in 0..<h {
                        let sourceRow = row - t.dy
                        for column in 0..<w {
                            let shifted = column - t.dx
                            let sourceColumn = t.flip ? w - 1 - shifted : shifted
                            let target = base + (row * w + column) * c
                            let inside = sourceRow >= 0 && sourceRow < h && sourceColumn >= 0 && sourceColumn < w
                            let source = base + (sourceRow * w + sourceColumn) * c
                            for channel in 0..<c {
                                y[target + channel] = inside ? x[source + channel] : fill[fill.count == 1 ? 0 : channel]
                            }
                        }
                    }
                }
            }
        }
        return Tensor(out, shape: images.shape)
    }
}

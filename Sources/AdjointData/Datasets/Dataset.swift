/// A labelled data set held in memory: an image tensor whose first axis indexes examples,
/// one integer label per example and the names of the classes.
///
/// Loaders give images as `(N, H, W, C)` (NHWC) with raw pixel values 0...255, as the files
/// store them; preprocessing (`scaled()`, ``MeanImage``, ``ChannelNormalization``)
/// is a separate, explicit step, as in PyTorch. `flattened()` gives the `(N, H*W*C)` layout
/// fully connected networks take. Like `Tensor`, a data set is a value whose copies share
/// storage until written.
///
/// ```swift
/// let train = try FashionMNIST.load(.train, from: "Data")
/// train.count                           // 10000 (the embedded subset)
/// train.images.shape                    // [10000, 28, 28, 1]
/// let (image, label) = train[0]
/// print(train.classNames[label])        // "Ankle boot"
/// ```
public struct Dataset: Sendable {
    /// `(N, H, W, C)`, or `(N, H*W*C)` when flattened.
    ///
    /// ```swift
    /// train.images.shape   // [10000, 28, 28, 1]
    /// ```
    public internal(set) var images: Tensor<Float>
    /// One class index per example, each in `0..<classNames.count`.
    ///
    /// ```swift
    /// train.labels[0]   // 9 ("Ankle boot")
    /// ```
    public let labels: [Int]
    /// Class names, indexed by label.
    ///
    /// ```swift
    /// train.classNames[9]   // "Ankle boot"
    /// ```
    public let classNames: [String]
    /// The shape of one example in its natural layout, `(H, W, C)` for images; kept when
    /// flattened so channel statistics and `unflattened()` still know the layout.
    ///
    /// ```swift
    /// train.flattened().imageShape   // [28, 28, 1]
    /// ```
    public let imageShape: [Int]

    /// A data set of `images` (first axis = examples) labelled with `labels`.
    ///
    /// `imageShape` defaults to the shape of one example; pass it for flat images to record
    /// their layout. Stops with a message if the counts, shapes or labels do not fit: these
    /// are programming errors here, as loaders validate files before building data sets.
    ///
    /// ```swift
    /// let toy = Dataset(images: Tensor<Float>.zeros([4, 2, 2, 1]), labels: [0, 1, 1, 0], classNames: ["no", "yes"])
    /// ```
    public init(images: Tensor<Float>, labels: [Int], classNames: [String], imageShape: [Int]? = nil) {
        check(images.rank >= 1 && images.shape[0] == labels.count,
                     "Dataset: \(labels.count) labels for images of shape \(images.shape)")
        let shape = imageShape ?? Array(images.shape.dropFirst())
        check(shape.reduce(1, *) == images.shape.dropFirst().reduce(1, *),
                     "Dataset: image shape \(shape) does not match images of shape \(images.shape)")
        check(labels.allSatisfy { (0..<classNames.count).contains($0) },
                     "Dataset: a label is outside 0..<\(classNames.count)")
        self.images = images
        self.labels = labels
        self.classNames = classNames
        self.imageShape = shape
    }

    /// The number of examples.
    ///
    /// ```swift
    /// train.count   // 10000 (the embedded subset)
    /// ```
    public var count: Int { labels.count }
    /// The number of classes.
    ///
    /// ```swift
    /// train.classCount   // 10
    /// ```
    public var classCount: Int { classNames.count }
    /// The number of channels: the last axis of `imageShape`.
    ///
    /// ```swift
    /// train.channels   // 1 for Fashion-MNIST, 3 for CIFAR-10
    /// ```
    public var channels: Int { imageShape.count == 3 ? imageShape[2] : 1 }
    /// Whether images are `(N, features)` rather than in their natural shape.
    ///
    /// ```swift
    /// train.flattened().isFlat   // true
    /// ```
    public var isFlat: Bool { images.rank == 2 && imageShape.count != 1 }

    /// Example `index`: its image (shaped like one row of `images`) and label.
    ///
    /// ```swift
    /// let (image, label) = dataset[3]
    /// ```
    public subscript(index: Int) -> (image: Tensor<Float>, label: Int) {
        check(index >= 0 && index < count, "Dataset: index \(index) is outside 0..<\(count)")
        return (images[index..<(index + 1)].reshaped(Array(images.shape.dropFirst())), labels[index])
    }

    /// Images as `(N, H*W*C)`, the input of fully connected layers.
    ///
    /// ```swift
    /// train.flattened().images.shape   // [10000, 784]
    /// ```
    public func flattened() -> Dataset {
        Dataset(images: images.reshaped([count, -1]), labels: labels, classNames: classNames, imageShape: imageShape)
    }

    /// Images back in their natural shape `(N, H, W, C)`.
    ///
    /// ```swift
    /// train.flattened().unflattened().images.shape   // [10000, 28, 28, 1]
    /// ```
    public func unflattened() -> Dataset {
        Dataset(images: images.reshaped([count] + imageShape), labels: labels, classNames: classNames)
    }

    /// The examples `range`, in order.
    ///
    /// ```swift
    /// let firstThousand = train.subset(0..<1000)
    /// ```
    public func subset(_ range: Range<Int>) -> Dataset {
        check(range.lowerBound >= 0 && range.upperBound <= count,
                     "Dataset.subset: range \(range) is outside 0..<\(count)")
        return Dataset(images: images.slice(range), labels: Array(labels[range]), classNames: classNames,
                       imageShape: imageShape)
    }

    /// The examples at `indices`, in that order (repeats allowed).
    ///
    /// ```swift
    /// let shuffled = train.subset(rng.permutation(train.count))
    /// ```
    public func subset(_ indices: [Int]) -> Dataset {
        Dataset(images: images.gatheringRows(indices), labels: indices.map { labels[$0] }, classNames: classNames,
                imageShape: imageShape)
    }

    /// How many examples each class has, indexed by label.
    ///
    /// ```swift
    /// train.classCounts()   // [1000, 1000, ...] for a balanced set
    /// ```
    public func classCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        return counts
    }
}

/// Which part of a data set's distribution to load: the files published for training, or
/// those for testing.
///
/// ```swift
/// let test = try FashionMNIST.load(.test, from: "Data")
/// ```
public enum DatasetPart: String, Sendable, CaseIterable {
    case train, test
}

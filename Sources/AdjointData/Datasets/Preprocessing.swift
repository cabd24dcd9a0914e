extension Dataset {
    /// Pixel values multiplied by `factor`; the default maps 0...255 to 0...1.
    ///
    /// ```swift
    /// let train = try FashionMNIST.load(.train, from: "Data").scaled()   // pixels in [0, 1]
    /// ```
    public func scaled(by factor: Float = 1.0 / 255) -> Dataset {
        var result = self
        result.images.withUnsafeMutableBufferPointer { x in
            for i in x.indices { x[i] *= factor }
        }
        return result
    }
}

/// The mean image of a training set, to subtract from every image.
///
/// Fit it on the training set only and apply the same statistics to validation and test
/// data; it is `Codable` so it can be saved with a model.
///
/// ```swift
/// let mean = MeanImage(fitting: splits.train)
/// let train = mean.apply(to: splits.train), test = mean.apply(to: splits.test)
/// ```
public struct MeanImage: Codable, Equatable, Sendable {
    /// The mean of every pixel and channel, in the layout of one image row.
    public let values: [Float]
    /// The layout of one image, `(H, W, C)`.
    ///
    /// ```swift
    /// MeanImage(fitting: train).imageShape   // [32, 32, 3] for CIFAR-10
    /// ```
    public let imageShape: [Int]

    /// The mean image of `dataset` (accumulated in double precision).
    ///
    /// ```swift
    /// let mean = MeanImage(fitting: train)
    /// ```
    public init(fitting dataset: Dataset) {
        let length = dataset.imageShape.reduce(1, *)
        var sums = [Double](repeating: 0, count: length)
        dataset.images.withUnsafeBufferPointer { x in
            for n in 0..<dataset.count {
                for i in 0..<length { sums[i] += Double(x[n * length + i]) }
            }
        }
        values = sums.map { Float($0 / Double(max(dataset.count, 1))) }
        imageShape = dataset.imageShape
    }

    /// The mean image as a tensor of `imageShape`.
    public var tensor: Tensor<Float> { Tensor(values, shape: imageShape) }

    /// `dataset` with the mean image subtracted from every image.
    ///
    /// ```swift
    /// let mean = MeanImage(fitting: train)
    /// let centred = mean.apply(to: test)
    /// ```
    public func apply(to dataset: Dataset) -> Dataset {
        check(dataset.imageShape.reduce(1, *) == values.count,
                     "MeanImage: fitted on images of shape \(imageShape), applied to \(dataset.imageShape)")
        var result = dataset
        result.images.withUnsafeMutableBufferPointer { x in
            for n in 0..<dataset.count {
                for i in 0..<values.count { x[n * values.count + i] -= values[i] }
            }
        }
        return result
    }
}

/// Per-channel normalisation `(x - mean[c]) / std[c]`, with statistics fitted on a training
/// set and kept for later data (PyTorch's `transforms.Normalize`).
///
/// Works on NHWC images and on their flattened rows (channels are the fastest-varying
/// index in both). A channel with zero spread is only centred, not divided by zero.
///
/// ```swift
/// let norm = ChannelNormalization(fitting: train)   // CIFAR-10: 3 means, 3 standard deviations
/// let train = norm.apply(to: train), test = norm.apply(to: test)
/// ```
public struct ChannelNormalization: Codable, Equatable, Sendable {
    /// The mean of each channel.
    ///
    /// ```swift
    /// ChannelNormalization(fitting: train).mean.count   // 3 for CIFAR-10
    /// ```
    public let mean: [Float]
    /// The population standard deviation of each channel.
    public let std: [Float]

    /// Given statistics, such as the published ones of a data set.
    ///
    /// ```swift
    /// let norm = ChannelNormalization(mean: [0.2860], std: [0.3530])   // Fashion-MNIST in [0, 1]
    /// ```
    public init(mean: [Float], std: [Float]) {
        check(mean.count == std.count, "ChannelNormalization: \(mean.count) means but \(std.count) deviations")
        self.mean = mean
        self.std = std
    }

    /// The statistics of `dataset`, per channel (accumulated in double precision).
    ///
    /// ```swift
    /// let norm = ChannelNormalization(fitting: train)
    /// ```
    public init(fitting dataset: Dataset) {
        let channels = dataset.channels
        var sums = [Double](repeating: 0, count: channels)
        var squares = [Double](repeating: 0, count: channels)
        dataset.images.withUnsafeBufferPointer { x in
            for i in x.indices {
                let v = Double(x[i])
                sums[i % channels] += v
                squares[i % channels] += v * v
            }
        }
        let perChannel = Double(max(dataset.images.count / channels, 1))
        let means = sums.map { $0 / perChannel }
        mean = means.map(Float.init)
        std = zip(squares, means).map { Float(max($0 / perChannel - $1 * $1, 0).squareRoot()) }
    }

    /// `dataset` normalised with these statistics.
    ///
    /// ```swift
    /// let norm = ChannelNormalization(fitting: train)
    /// let test = norm.apply(to: try FashionMNIST.load(.test, from: "Data").scaled())
    /// ```
    public func apply(to dataset: Dataset) -> Dataset {
        let channels = mean.count
        check(dataset.channels == channels,
                     "ChannelNormalization: fitted on \(channels) channels, applied to \(dataset.channels)")
        let scale = std.map { $0 > 0 ? 1 / $0 : 1 }
        var result = dataset
        result.images.withUnsafeMutableBufferPointer { x in
            for i in x.indices { x[i] = (x[i] - mean[i % channels]) * scale[i % channels] }
        }
        return result
    }
}

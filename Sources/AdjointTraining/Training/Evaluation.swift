/// The predicted class (highest score) of every sample, evaluated in batches without gradients.
///
/// With `averagingMirrors`, each image `(N, H, W, C)` is classified by the sum of its scores and
/// its mirror image's (test-time augmentation, for a model trained on mirrored images).
///
/// ```swift
/// let predicted = predictions(of: model, on: test.images)
/// let twoViews = predictions(of: cnn, on: test.images, averagingMirrors: true)
/// ```
public func predictions<S>(of model: Module<S>, on x: Tensor<S>, batchSize: Int = 500,
                           averagingMirrors: Bool = false) -> [Int] {
    let wasTraining = model.isTraining
    model.eval()
    defer { if wasTraining { model.train() } }
    var result: [Int] = []
    result.reserveCapacity(x.shape[0])
    withoutGradients {
        var start = 0
        while start < x.shape[0] {
            let end = min(start + batchSize, x.shape[0])
            let batch = x[start..<end]
            let scores = model(batch).value
            result += (averagingMirrors ? scores + model(mirrorImages(batch)).value : scores).argmax(alongAxis: 1)
            start = end
        }
    }
    return result
}

/// The fraction of `predictions` equal to `labels`.
///
/// ```swift
/// accuracy([0, 1, 1], [0, 1, 0])   // 0.667
/// ```
public func accuracy(_ predictions: [Int], _ labels: [Int]) -> Double {
    check(predictions.count == labels.count,
          "accuracy: \(predictions.count) predictions for \(labels.count) labels")
    guard !labels.isEmpty else { return 0 }
    return Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(labels.count)
}

/// The accuracy of `model` on `(x, labels)`.
///
/// ```swift
/// let a = accuracy(of: model, on: images, labels: y)
/// ```
public func accuracy<S>(of model: Module<S>, on x: Tensor<S>, labels: [Int], batchSize: Int = 500,
                        averagingMirrors: Bool = false) -> Double {
    accuracy(predictions(of: model, on: x, batchSize: batchSize, averagingMirrors: averagingMirrors), labels)
}

/// The predicted class of every example of `data`.
///
/// ```swift
/// let predicted = predictions(of: model, on: splits.test)
/// ```
public func predictions<S>(of model: Module<S>, on data: Dataset, batchSize: Int = 500,
                           averagingMirrors: Bool = false) -> [Int] {
    predictions(of: model, on: Tensor<S>(data.images), batchSize: batchSize, averagingMirrors: averagingMirrors)
}

/// The accuracy of `model` on `data`.
///
/// ```swift
/// print(accuracy(of: model, on: splits.test))
/// ```
public func accuracy<S>(of model: Module<S>, on data: Dataset, batchSize: Int = 500, averagingMirrors: Bool = false) -> Double {
    accuracy(predictions(of: model, on: data, batchSize: batchSize, averagingMirrors: averagingMirrors), data.labels)
}

/// The images `(N, H, W, C)` of `x` mirrored left to right: `mirrored[n, h, w, c] ==
/// x[n, h, W - 1 - w, c]`.
///
/// ```swift
/// let mirrors = mirrorImages(Tensor<Float>([1, 2, 3, 4, 5, 6], shape: [1, 1, 3, 2]))   // [5, 6, 3, 4, 1, 2]
/// ```
public func mirrorImages<S>(_ x: Tensor<S>) -> Tensor<S> {
    check(x.shape.count == 4, "mirrorImages: images must have shape (N, H, W, C), got \(x.shape)")
    let (rows, width, channels) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
    let source = x.scalars
    var mirrored: [S] = []
    mirrored.reserveCapacity(source.count)
    for row in 0..<rows {
        for column in (0..<width).reversed() {
            let start = (row * width + column) * channels
            mirrored += source[start..<start + channels]
        }
    }
    return Tensor(mirrored, shape: x.shape)
}

/// `matrix[true][predicted]`: how often each true class was predicted as each class.
///
/// ```swift
/// let m = confusionMatrix(predictions: [0, 1, 1], labels: [0, 1, 0], classes: 2)   // [[1, 1], [0, 1]]
/// ```
public func confusionMatrix(predictions: [Int], labels: [Int], classes: Int) -> [[Int]] {
    check(predictions.count == labels.count,
          "confusionMatrix: \(predictions.count) predictions for \(labels.count) labels")
    var matrix = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    for (p, y) in zip(predictions, labels) {
        check(p >= 0 && p < classes && y >= 0 && y < classes,
              "confusionMatrix: class \(max(p, y)) is outside 0..<\(classes)")
        matrix[y][p] += 1
    }
    return matrix
}

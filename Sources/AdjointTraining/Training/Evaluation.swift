/// The predicted class (highest score) of every sample, evaluated in batches without gradients.
///
/// ```swift
/// let predicted = predictions(of: model, on: testImages)
/// ```
public func predictions<S>(of model: Module<S>, on x: Tensor<S>, batchSize: Int = 500) -> [Int] {
    let wasTraining = model.isTraining
    model.eval()
    defer { if wasTraining { model.train() } }
    var result: [Int] = []
    result.reserveCapacity(x.shape[0])
    withoutGradients {
        var start = 0
        while start < x.shape[0] {
            let end = min(start + batchSize, x.shape[0])
            result += model(x[start..<end]).value.argmax(alongAxis: 1)
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
/// let a = accuracy(of: model, on: x, labels: y)
/// ```
public func accuracy<S>(of model: Module<S>, on x: Tensor<S>, labels: [Int], batchSize: Int = 500) -> Double {
    accuracy(predictions(of: model, on: x, batchSize: batchSize), labels)
}

/// The predicted class of every example of `data`.
///
/// ```swift
/// let predicted = predictions(of: model, on: splits.test)
/// ```
public func predictions<S>(of model: Module<S>, on data: Dataset, batchSize: Int = 500) -> [Int] {
    predictions(of: model, on: Tensor<S>(data.images), batchSize: batchSize)
}

/// The accuracy of `model` on `data`.
///
/// ```swift
/// print(accuracy(of: model, on: splits.test))
/// ```
public func accuracy<S>(of model: Module<S>, on data: Dataset, batchSize: Int = 500) -> Double {
    accuracy(predictions(of: model, on: data, batchSize: batchSize), data.labels)
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

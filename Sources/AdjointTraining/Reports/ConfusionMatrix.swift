/// Counts of (true class, predicted class) pairs: `counts[label][prediction]`.
///
/// ```swift
/// var matrix = ConfusionMatrix(classNames: ["cat", "dog"])
/// matrix.record(labels: [0, 1, 1], predictions: [0, 0, 1])
/// matrix.accuracy            // 0.666...
/// matrix.recall(ofClass: 1)  // 0.5
/// print(matrix.text())
/// ```
public struct ConfusionMatrix: Equatable, Sendable {
    /// The class names, in class-index order; they label both axes.
    public let classNames: [String]
    /// `counts[label][prediction]`: how many samples of class `label` were predicted as `prediction`.
    public private(set) var counts: [[Int]]

    /// An empty matrix for `classNames`.
    ///
    /// ```swift
    /// var matrix = ConfusionMatrix(classNames: (0..<10).map(String.init))
    /// ```
    public init(classNames: [String]) {
        self.classNames = classNames
        self.counts = Array(repeating: Array(repeating: 0, count: classNames.count), count: classNames.count)
    }

    /// A matrix of given counts; `counts` must be square with one row per class.
    ///
    /// ```swift
    /// let matrix = ConfusionMatrix(classNames: ["a", "b"], counts: [[5, 1], [2, 7]])
    /// ```
    public init(classNames: [String], counts: [[Int]]) {
        check(counts.count == classNames.count && counts.allSatisfy { $0.count == classNames.count },
                     "ConfusionMatrix: counts must be \(classNames.count) x \(classNames.count) for \(classNames.count) classes")
        check(counts.allSatisfy { $0.allSatisfy { $0 >= 0 } }, "ConfusionMatrix: negative count")
        self.classNames = classNames
        self.counts = counts
    }

    /// Counts one sample per position of `labels` and `predictions` (class indices).
    ///
    /// ```swift
    /// matrix.record(labels: labels, predictions: logits.value.argmax(alongAxis: 1))
    /// ```
    public mutating func record(labels: [Int], predictions: [Int]) {
        check(labels.count == predictions.count,
                     "ConfusionMatrix.record: \(labels.count) labels for \(predictions.count) predictions")
        for (label, prediction) in zip(labels, predictions) {
            check(counts.indices.contains(label) && counts.indices.contains(prediction),
                         "ConfusionMatrix.record: class \(label) or \(prediction) outside 0..<\(classNames.count)")
            counts[label][prediction] += 1
        }
    }

    /// The number of samples counted.
    ///
    /// ```swift
    /// ConfusionMatrix(classNames: ["a", "b"], counts: [[5, 1], [2, 7]]).total   // 15
    /// ```
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The number of samples on the diagonal.
    ///
    /// ```swift
    /// ConfusionMatrix(classNames: ["a", "b"], counts: [[5, 1], [2, 7]]).correct   // 12
    /// ```
    public var correct: Int { counts.indices.reduce(0) { $0 + counts[$1][$1] } }

    /// The share of samples predicted correctly, or nil when nothing has been counted.
    ///
    /// ```swift
    /// ConfusionMatrix(classNames: ["a", "b"], counts: [[5, 1], [2, 7]]).accuracy   // 0.8
    /// ```
    public var accuracy: Double? { total == 0 ? nil : Double(correct) / Double(total) }

    /// The share of class `index`'s samples predicted as that class, or nil if it has none.
    ///
    /// ```swift
    /// ConfusionMatrix(classNames: ["a", "b"], counts: [[5, 1], [2, 7]]).recall(ofClass: 1)   // 0.777...
    /// ```
    public func recall(ofClass index: Int) -> Double? {
        let row = counts[index].reduce(0, +)
        return row == 0 ? nil : Double(counts[index][index]) / Double(row)
    }

    /// The share of predictions of class `index` that were right, or nil if it was never predicted.
    ///
    /// ```swift
    /// ConfusionMatrix(classNames: ["a", "b"], counts: [[5, 1], [2, 7]]).precision(ofClass: 0)   // 0.714...
    /// ```
    public func precision(ofClass index: Int) -> Double? {
        let column = counts.reduce(0) { $0 + $1[index] }
        return column == 0 ? nil : Double(counts[index][index]) / Double(column)
    }
}

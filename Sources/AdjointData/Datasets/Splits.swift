/// Training, validation and test sets made from a data set's published train and test parts.
///
/// By count: the first `trainCount` training examples train, the next `validationCount`
/// validate, the first `testCount` test examples test. By fraction: the last part of the
/// training examples validates. The published parts are already shuffled, so taking them in
/// order is a fair split; shuffle first otherwise.
///
/// ```swift
/// let splits = try DataSplits(training: try CIFAR10.load(.train, from: dir), test: try CIFAR10.load(.test, from: dir),
///                             trainCount: 49000, validationCount: 1000, testCount: 1000)
/// splits.validation.count   // 1000
/// ```
public struct DataSplits: Sendable {
    /// The examples to fit.
    ///
    /// ```swift
    /// let loader = DataLoader(splits.train, batchSize: 64, shuffle: true, seed: 42)
    /// ```
    public var train: Dataset
    /// Held-out training examples, to choose hyperparameters and stop early.
    ///
    /// ```swift
    /// let evaluation = DataLoader(splits.validation, batchSize: 500, shuffle: false)
    /// ```
    public var validation: Dataset
    /// The published test examples, for the final measurement only.
    ///
    /// ```swift
    /// splits.test.count   // 1000 with testCount: 1000
    /// ```
    public var test: Dataset

    /// Splits by count; `trainCount` defaults to all training examples not used for
    /// validation, `testCount` to the whole test part.
    ///
    /// ```swift
    /// let splits = try DataSplits(training: train, test: test, validationCount: 1000)
    /// ```
    public init(training: Dataset, test: Dataset, trainCount: Int? = nil, validationCount: Int,
                testCount: Int? = nil) throws(DataError) {
        let trainCount = trainCount ?? training.count - validationCount
        let testCount = testCount ?? test.count
        guard trainCount >= 0, validationCount >= 0, trainCount + validationCount <= training.count else {
            throw splitError("\(trainCount) training + \(validationCount) validation examples asked of a training set of \(training.count)")
        }
        guard testCount >= 0, testCount <= test.count else {
            throw splitError("\(testCount) test examples asked of a test set of \(test.count)")
        }
        self.train = training.subset(0..<trainCount)
        self.validation = training.subset(trainCount..<(trainCount + validationCount))
        self.test = test.subset(0..<testCount)
    }

    /// Splits by fraction: the last `validationFraction` of the training part (rounded)
    /// validates, the rest trains; the test part is kept whole.
    ///
    /// ```swift
    /// let splits = try DataSplits(training: train, test: test, validationFraction: 0.1)
    /// ```
    public init(training: Dataset, test: Dataset, validationFraction: Double) throws(DataError) {
        guard (0...1).contains(validationFraction) else {
            throw splitError("validation fraction \(validationFraction) is outside 0...1")
        }
        try self.init(training: training, test: test,
                      validationCount: Int((validationFraction * Double(training.count)).rounded()))
    }
}

extension Dataset {
    /// The first `count` examples and the rest.
    ///
    /// ```swift
    /// let (train, validation) = try dataset.split(at: 9000)
    /// ```
    public func split(at count: Int) throws(DataError) -> (first: Dataset, rest: Dataset) {
        guard count >= 0, count <= self.count else {
            throw splitError("split at \(count) of a data set of \(self.count)")
        }
        return (subset(0..<count), subset(count..<self.count))
    }

    /// The first `fraction` of the examples (rounded) and the rest.
    ///
    /// ```swift
    /// let (train, validation) = try dataset.split(fraction: 0.9)
    /// ```
    public func split(fraction: Double) throws(DataError) -> (first: Dataset, rest: Dataset) {
        guard (0...1).contains(fraction) else { throw splitError("split fraction \(fraction) is outside 0...1") }
        return try split(at: Int((fraction * Double(count)).rounded()))
    }
}

/// Split requests that do not fit the data: they depend on which data set was loaded (the
/// embedded subset or the full set), so they are errors to report, not crashes.
private func splitError(_ why: String) -> DataError {
    DataError(.mismatch(why), path: "<split>")
}

/// Samples held in memory as inputs and targets whose first axes index the samples, like
/// PyTorch's `TensorDataset`: features `(N, ...)` with regression targets `(N, ...)`, class
/// labels `[Int]` or label sequences `[[Int]]` (any ``Batchable`` pair). Batch it with
/// ``TensorDataLoader`` and train on it with `SupervisedTrainer`.
///
/// ```swift
/// let x = Tensor<Float>([0, 1, 2, 3], shape: [4, 1])
/// let data = TensorDataset(inputs: x, targets: x * 2)
/// let (inputs, targets) = data.subset([2, 3]).batch   // rows 2 and 3
/// ```
public struct TensorDataset<Inputs: Batchable, Targets: Batchable> {
    /// The samples' inputs, first axis = samples.
    public let inputs: Inputs
    /// The samples' targets, one per input.
    public let targets: Targets

    /// The samples `inputs[i]` with targets `targets[i]`; stops with a message when their
    /// counts differ.
    public init(inputs: Inputs, targets: Targets) {
        check(inputs.rowCount == targets.rowCount,
              "TensorDataset: \(inputs.rowCount) inputs but \(targets.rowCount) targets")
        self.inputs = inputs
        self.targets = targets
    }

    /// The number of samples.
    public var count: Int { inputs.rowCount }

    /// All the samples as one batch.
    public var batch: (inputs: Inputs, targets: Targets) { (inputs, targets) }

    /// The samples at `indices`, in that order (repeats allowed).
    public func subset(_ indices: [Int]) -> TensorDataset {
        TensorDataset(inputs: inputs.gatheringRows(indices), targets: targets.gatheringRows(indices))
    }

    /// The samples `range`, in order.
    public func subset(_ range: Range<Int>) -> TensorDataset {
        check(range.lowerBound >= 0 && range.upperBound <= count, "TensorDataset.subset: range \(range) is outside 0..<\(count)")
        return subset(Array(range))
    }

    /// The samples in a random order.
    public func shuffled(using rng: inout SeededGenerator) -> TensorDataset {
        subset(rng.permutation(count))
    }
}

extension TensorDataset: Sendable where Inputs: Sendable, Targets: Sendable {}

import Adjoint

extension TensorDataset {
    /// The samples of the `.npy` files at `inputsPath` (any numeric array, first axis =
    /// samples) and `targetsPath` (a float array, regression targets), like
    /// `TensorDataset(torch.from_numpy(np.load("x.npy")), ...)`.
    ///
    /// Throws a ``DataError`` for a file that does not read, does not convert (see
    /// ``NumPyArray/tensor(as:)``), has no axes, or whose count differs from the other's.
    public init<Scalar: TensorScalar>(npy inputsPath: String, targets targetsPath: String) throws(DataError)
    where Inputs == Tensor<Scalar>, Targets == Tensor<Scalar> {
        let (inputs, targets) = try samplePair(inputsPath, targetsPath)
        self.init(inputs: try inputs.tensor(as: Scalar.self), targets: try targets.tensor(as: Scalar.self))
    }

    /// The samples of `inputsPath` with the class labels of `targetsPath`, an integer array of
    /// one label per sample (NumPy's `int64` labels, or any integer type).
    public init<Scalar: TensorScalar>(npy inputsPath: String, targets targetsPath: String) throws(DataError)
    where Inputs == Tensor<Scalar>, Targets == [Int] {
        let (inputs, targets) = try samplePair(inputsPath, targetsPath)
        let ids = try targets.indices()
        let (shape, labels) = (ids.shape, ids.scalars)
        guard shape.count == 1 else {
            throw DataError(.mismatch("labels need a 1-D integer array, not shape \(shape)"), path: targetsPath)
        }
        self.init(inputs: try inputs.tensor(as: Scalar.self), targets: labels)
    }

    /// The samples of `inputsPath` with the label sequences of `targetsPath`, a 2-D integer
    /// array of one row of labels (such as next tokens) per sample.
    public init<Scalar: TensorScalar>(npy inputsPath: String, targets targetsPath: String) throws(DataError)
    where Inputs == Tensor<Scalar>, Targets == [[Int]] {
        let (inputs, targets) = try samplePair(inputsPath, targetsPath)
        let ids = try targets.indices()
        let (shape, labels) = (ids.shape, ids.scalars)
        guard shape.count == 2 else {
            throw DataError(.mismatch("label sequences need a 2-D integer array, not shape \(shape)"), path: targetsPath)
        }
        let rows = (0..<shape[0]).map { Array(labels[($0 * shape[1])..<(($0 + 1) * shape[1])]) }
        self.init(inputs: try inputs.tensor(as: Scalar.self), targets: rows)
    }
}

/// The arrays of two `.npy` files, after checking that both have a first axis of the same length.
func samplePair(_ inputsPath: String, _ targetsPath: String) throws(DataError) -> (NumPyArray, NumPyArray) {
    let inputs = try NPY.read(inputsPath), targets = try NPY.read(targetsPath)
    for (array, path) in [(inputs, inputsPath), (targets, targetsPath)] where array.shape.isEmpty {
        throw DataError(.mismatch("a single number, not samples along a first axis"), path: path)
    }
    guard inputs.shape[0] == targets.shape[0] else {
        throw DataError(.mismatch("\(targets.shape[0]) targets but \(inputs.shape[0]) samples in \(inputsPath)"), path: targetsPath)
    }
    return (inputs, targets)
}

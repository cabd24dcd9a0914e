/// Samples stacked along a first axis, from which a batch of some of them can be gathered: the
/// inputs and targets of a ``TensorDataset``. Tensors (rows of any shape) and arrays (class
/// labels `[Int]`, label sequences `[[Int]]`) are batchable; another sample type joins by
/// conforming.
public protocol Batchable {
    /// The number of samples (the length of the first axis).
    var rowCount: Int { get }
    /// The samples at `indices`, in that order (repeats allowed).
    func gatheringRows(_ indices: [Int]) -> Self
}

extension Tensor: Batchable {
    /// The length of the first axis.
    public var rowCount: Int {
        check(rank >= 1, "Tensor.rowCount: a scalar has no rows")
        return shape[0]
    }
}

extension Array: Batchable {
    /// The number of elements: one sample each.
    public var rowCount: Int { count }

    /// The elements at `indices`, in that order.
    public func gatheringRows(_ indices: [Int]) -> [Element] {
        indices.map { index in
            check(index >= 0 && index < count, "gatheringRows: index \(index) is outside 0..<\(count)")
            return self[index]
        }
    }
}

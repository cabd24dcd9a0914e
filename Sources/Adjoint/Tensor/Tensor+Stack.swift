// Size-1 axes in and out, and stacking along a new axis: reshapes, sharing storage, and one
// concatenation.

extension Tensor {
    /// A size-1 axis inserted at `axis` (`-1` appends one), as PyTorch's `unsqueeze`.
    ///
    /// ```swift
    /// let column = b.unsqueezed(axis: -1)   // (D) -> (D, 1)
    /// ```
    public func unsqueezed(axis: Int) -> Tensor { reshaped(shapeInserting(axis: axis, into: shape, op: "unsqueeze")) }

    /// `axis` removed, which must have size 1; every size-1 axis when `axis` is nil.
    ///
    /// ```swift
    /// let logits = a.squeezed(axis: 1)    // (N, 1, C) -> (N, C)
    /// let flat = Tensor<Float>.zeros([1, 3, 1]).squeezed()   // (3)
    /// ```
    public func squeezed(axis: Int? = nil) -> Tensor { reshaped(shapeSqueezing(axis: axis, from: shape)) }

    /// The tensors, all of one shape, joined along a new axis `axis`, as PyTorch's `stack`.
    ///
    /// ```swift
    /// let batch = Tensor.stack([x, a], axis: 0)   // 2 of (N, D) -> (2, N, D)
    /// ```
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        let (partShape, axis) = stackedPartShape(tensors.map(\.shape), axis: axis)
        return concatenate(tensors.map { $0.reshaped(partShape) }, alongAxis: axis)
    }
}

/// `shape` with a size-1 axis inserted at `axis`, in `-(rank + 1)...rank`.
func shapeInserting(axis: Int, into shape: [Int], op: String) -> [Int] {
    let a = axis < 0 ? axis + shape.count + 1 : axis
    check(a >= 0 && a <= shape.count, "\(op): axis \(axis) is out of range for inserting into shape \(describe(shape))")
    var result = shape
    result.insert(1, at: a)
    return result
}

/// `shape` without `axis` (which must have size 1), or without every size-1 axis when nil.
func shapeSqueezing(axis: Int?, from shape: [Int]) -> [Int] {
    guard let axis else { return shape.filter { $0 != 1 } }
    let a = axis < 0 ? axis + shape.count : axis
    check(a >= 0 && a < shape.count, "squeeze: axis \(axis) is out of range for shape \(describe(shape))")
    check(shape[a] == 1, "squeeze: axis \(axis) of shape \(describe(shape)) has size \(shape[a]), not 1")
    var result = shape
    result.remove(at: a)
    return result
}

/// The shape each part of a stack is reshaped to (the new size-1 axis inserted) and the
/// non-negative axis they are joined along.
func stackedPartShape(_ shapes: [[Int]], axis: Int) -> (shape: [Int], axis: Int) {
    check(!shapes.isEmpty, "stack: needs at least one tensor")
    check(shapes.allSatisfy { $0 == shapes[0] },
          "stack: shapes differ: \(shapes.map(describe).joined(separator: ", "))")
    let shape = shapeInserting(axis: axis, into: shapes[0], op: "stack")
    return (shape, axis < 0 ? axis + shape.count : axis)
}

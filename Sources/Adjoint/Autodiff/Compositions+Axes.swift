// Size-1 axes in and out, and stacking: reshapes and one concatenation, so their gradients are
// the reshape's and the concatenation's.

extension Variable {
    /// A size-1 axis inserted at `axis` (`-1` appends one), as PyTorch's `unsqueeze`.
    ///
    /// ```swift
    /// let weights = a.unsqueeze(axis: -1)   // (B, T) -> (B, T, 1), to scale (B, T, D)
    /// ```
    public func unsqueeze(axis: Int, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) { reshaped(shapeInserting(axis: axis, into: shape, op: "unsqueeze")) }
    }

    /// `axis` removed, which must have size 1; every size-1 axis when `axis` is nil, as
    /// PyTorch's `squeeze`.
    ///
    /// ```swift
    /// let score = model(x).squeeze(axis: -1)   // (N, 1) -> (N)
    /// ```
    public func squeeze(axis: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) { reshaped(shapeSqueezing(axis: axis, from: shape)) }
    }

    /// The variables, all of one shape, joined along a new axis `axis`, as PyTorch's `stack`;
    /// each gets its slice of the gradient.
    ///
    /// ```swift
    /// let sequence = Variable.stack([a, v, g], axis: 1)   // 3 of (B, D) -> (B, 3, D)
    /// ```
    public static func stack(_ variables: [Variable], axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            let (partShape, axis) = stackedPartShape(variables.map(\.shape), axis: axis)
            return concatenate(variables.map { $0.reshaped(partShape) }, alongAxis: axis)
        }
    }
}

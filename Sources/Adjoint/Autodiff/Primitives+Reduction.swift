// Primitive ops, part 4: reductions.

extension Primitive {
    /// The reduction rows of the derivatives table (notation in `Primitive`).
    ///
    /// | Primitive          | Forward                                   | Vector-Jacobian product                      |
    /// |--------------------|-------------------------------------------|----------------------------------------------|
    /// | `sum`              | z = Σ x over axes                         | x̄ = g broadcast back over those axes         |
    /// | `max`              | z = max x over axes                       | x̄ = g ⊙ [x = z] / (number of ties)           |
    static let reductions: [Primitive] = [.sum, .max]

    /// `x.sum(alongAxes:keepingDimensions:)`
    public static let sum = Primitive("sum")
    /// `x.max(alongAxes:keepingDimensions:)`
    public static let max = Primitive("max")
}

extension Variable {
    /// The sum over `axes` (all when nil).
    ///
    /// ```swift
    /// let total = x.sum()                   // shape []
    /// let rows = x.sum(alongAxes: [1])      // (N, D) -> (N)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func sum(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let kept = value.sum(alongAxes: axes, keepingDimensions: true)
        let out = keepingDimensions ? kept : kept.reshaped(value.shape(droppingAxes: axes, op: "sum"))
        let keptShape = kept.shape   // not `kept`, whose elements are the output's
        return Variable.record(.sum, out, self, reads: .nothing, at: CodeLocation(fileID: file, line: line)) { out, g in
            Gradients(g.reshaped(keptShape).broadcast(to: out.inputs[0].shape))
        }
    }

    /// The maximum along `axis`, kept as size 1 when asked: `max(alongAxes: [axis])`.
    ///
    /// ```swift
    /// let m = x.max(alongAxis: -1, keepingDimensions: true)   // (N, C) -> (N, 1)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func max(alongAxis axis: Int, keepingDimensions: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        max(alongAxes: [axis], keepingDimensions: keepingDimensions, file: file, line: line)
    }

    /// The maximum over `axes` (all when nil), kept as size 1 when asked. The gradient is
    /// split evenly among tied maxima (each gets its share), as PyTorch's `amax`.
    ///
    /// ```swift
    /// let peak = x.max(alongAxes: [1, 2])   // (N, H, W, C) -> (N, C): global max pooling
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func max(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let kept = value.max(alongAxes: axes, keepingDimensions: true)
        let out = keepingDimensions ? kept : kept.reshaped(value.shape(droppingAxes: axes, op: "max"))
        let keptShape = kept.shape
        return Variable.record(.max, out, self, reads: [.first, .output], at: CodeLocation(fileID: file, line: line)) { out, g in
            let x = out.inputs[0]
            let winners = x.value .== out.value.reshaped(keptShape)
            let share = winners / winners.sum(alongAxes: axes, keepingDimensions: true)
            return Gradients(g.reshaped(keptShape).broadcast(to: x.shape) * share)
        }
    }
}

// Operations built from primitives: their gradients come from the primitives' rules.

extension Variable {
    /// The mean over `axes` (all when nil).
    public func mean(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Variable {
        let total = sum(alongAxes: axes, keepingDimensions: keepingDimensions)
        return total / Scalar(value.count / Swift.max(total.value.count, 1))
    }

    /// The biased variance (divided by the count) over `axes`.
    public func variance(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Variable {
        let centered = self - mean(alongAxes: axes, keepingDimensions: true)
        return (centered * centered).mean(alongAxes: axes, keepingDimensions: keepingDimensions)
    }

    public func squared() -> Variable { self * self }

    /// The last two axes swapped.
    public func transposed() -> Variable {
        check(shape.count >= 2, "transpose: needs at least 2 axes, shape is \(describe(shape))")
        var axes = Array(0..<shape.count)
        axes.swapAt(axes.count - 1, axes.count - 2)
        return permuted(axes)
    }

    /// `(N, d1, ..., dk)` to `(N, d1 * ... * dk)`.
    public func flattened() -> Variable {
        check(shape.count >= 1, "flatten: a scalar has no batch axis")
        // The size is spelled out: -1 cannot be inferred when the batch is empty.
        return reshaped([shape[0], shape.dropFirst().reduce(1, *)])
    }

    /// `max(self, 0)`; the gradient at exactly 0 is 0.
    public func relu() -> Variable { maximum(0) }

    /// `1 / (1 + e^-x)`, written with tanh so it never overflows.
    public func sigmoid() -> Variable { (self * 0.5).tanh() * 0.5 + 0.5 }

    /// Softmax along `axis`, shifted by the maximum so large scores do not overflow.
    public func softmax(alongAxis axis: Int = -1) -> Variable {
        let e = (self - max(alongAxis: axis, keepingDimensions: true).detached()).exp()
        return e / e.sum(alongAxes: [axis], keepingDimensions: true)
    }

    /// `log(softmax(self))` along `axis`, computed stably.
    public func logSoftmax(alongAxis axis: Int = -1) -> Variable {
        let shifted = self - max(alongAxis: axis, keepingDimensions: true).detached()
        return shifted - shifted.exp().sum(alongAxes: [axis], keepingDimensions: true).log()
    }
}

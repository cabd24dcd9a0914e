// Minimum and clamping as compositions of `maximum`: negation is exact, so
// `-max(-x, -c)` is `min(x, c)` bit for bit, and its gradient mask is `[x < c]`.

extension Variable {
    /// `min(self, c)` elementwise; the gradient is 0 where `self >= c`.
    ///
    /// ```swift
    /// let capped = a.minimum(1)    // [0.5, 3] -> [0.5, 1]
    /// ```
    public func minimum(_ c: Scalar, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) { -((-self).maximum(-c)) }
    }

    /// The smaller of `self` and `other` at each position (broadcasting), as PyTorch's
    /// `torch.minimum`; where they tie, each gets half the gradient.
    ///
    /// ```swift
    /// let clipped = (a * v).minimum(a.clamp(min: 0.8, max: 1.2) * v)   // PPO's objective: ratio a, advantage v
    /// ```
    public func minimum(_ other: Variable, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) { -((-self).maximum(-other)) }
    }

    /// `self` limited to `[min, max]` elementwise, as PyTorch's `clamp`; either bound may be
    /// nil. The gradient is 1 strictly inside the bounds and 0 at or beyond them.
    ///
    /// ```swift
    /// let ratio = (a - v).exp().clamp(min: 0.8, max: 1.2)   // a, v: log-probabilities
    /// let positive = x.clamp(min: 0)     // relu
    /// ```
    public func clamp(min: Scalar? = nil, max: Scalar? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            if let min, let max {
                check(min <= max, "clamp: min \(min) is above max \(max)")
            }
            let low = min.map { maximum($0) } ?? self
            return max.map { low.minimum($0) } ?? low
        }
    }
}

// GELU as a composition of primitives, here rather than in AdjointNN so that the fused bias add
// and GELU (`addingBias(_:activation: .gelu)`) can fall back to exactly these primitives.

extension Variable {
    /// GELU: by default its tanh approximation `0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))`; with
    /// `approximate: false` the exact `0.5 x (1 + erf(x / √2))`, as PyTorch's `F.gelu`.
    ///
    /// ```swift
    /// let x = Variable(Tensor<Float>([-1, 0, 1]))
    /// let exact = x.gelu(approximate: false)   // [-0.159, 0, 0.841]
    /// ```
    public func gelu(approximate: Bool = true) -> Variable {
        guard approximate else { return self * 0.5 * ((self * geluErfScale()).erf() + 1) }
        let inner = (self + self * self * self * geluCubic()) * geluTanhScale()
        return self * 0.5 * (inner.tanh() + 1)
    }
}

/// `1 / √2`, the exact GELU's scale of x inside erf.
@inline(__always) func geluErfScale<S: TensorScalar>() -> S { S(0.5.squareRoot()) }
/// `√(2/π)`, the tanh approximation's scale.
@inline(__always) func geluTanhScale<S: TensorScalar>() -> S { S((2 / Double.pi).squareRoot()) }
/// The tanh approximation's cubic coefficient.
@inline(__always) func geluCubic<S: TensorScalar>() -> S { S(0.044715) }

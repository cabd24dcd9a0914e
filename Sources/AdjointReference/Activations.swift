// ReLU and the tanh approximation of GELU.

extension Reference {
    /// `max(0, x)` elementwise; the cache is `x`.
    ///
    /// ```swift
    /// let (out, cache) = Reference.reluForward(Tensor<Double>([-1, 0, 2]))   // [0, 0, 2]
    /// ```
    public static func reluForward<S: TensorScalar>(_ x: Tensor<S>) -> (out: Tensor<S>, cache: Tensor<S>) {
        (x.maximum(0), x)
    }

    /// `dx = dout * (x > 0)`.
    ///
    /// At exactly `x = 0` ReLU has no derivative; this returns 0 there (strict `>`), as the
    /// SPEC and PyTorch do. One transcript used `>= 0`, which returns `dout` there instead; a
    /// centred numerical gradient gives the midpoint `dout / 2`, so no choice matches it.
    ///
    /// ```swift
    /// let dx = Reference.reluBackward(dout, cache: x)
    /// ```
    public static func reluBackward<S: TensorScalar>(_ dout: Tensor<S>, cache x: Tensor<S>) -> Tensor<S> {
        dout * (x .> 0)
    }

    /// GELU, tanh approximation: `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`; the cache is `x`.
    ///
    /// ```swift
    /// let (out, cache) = Reference.geluForward(Tensor<Double>(linspace: -1.5, 1.5, count: 12))
    /// ```
    public static func geluForward<S: TensorScalar>(_ x: Tensor<S>) -> (out: Tensor<S>, cache: Tensor<S>) {
        let t = geluTanh(x)
        return (0.5 * x * (1 + t), x)
    }

    /// The exact derivative of the tanh approximation (not of the erf-based GELU):
    /// `0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)`, times `dout`.
    ///
    /// ```swift
    /// let dx = Reference.geluBackward(dout, cache: x)
    /// ```
    public static func geluBackward<S: TensorScalar>(_ dout: Tensor<S>, cache x: Tensor<S>) -> Tensor<S> {
        let (k, c) = (geluScale(S.self), S(0.044715))
        let t = geluTanh(x)
        let dInner = k * (1 + 3 * c * x.squared())
        return dout * (0.5 * (1 + t) + 0.5 * x * (1 - t.squared()) * dInner)
    }

    /// `sqrt(2/pi)`, computed in Double so Float gets the correctly rounded constant.
    static func geluScale<S: TensorScalar>(_: S.Type) -> S { S((2 / Double.pi).squareRoot()) }

    /// `tanh(sqrt(2/pi) (x + 0.044715 x^3))`, shared by the forward and the backward.
    static func geluTanh<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
        (geluScale(S.self) * (x + S(0.044715) * x * x.squared())).tanh()
    }
}

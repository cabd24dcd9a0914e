// Primitive ops, part 6: smooth special functions. Each needs its own kernel (no composition
// of the others computes it), and each pullback is a composition, so it differentiates again.

extension Primitive {
    /// The special-function rows of the derivatives table (notation in `Primitive`).
    ///
    /// | Primitive          | Forward                                   | Vector-Jacobian product                      |
    /// |--------------------|-------------------------------------------|----------------------------------------------|
    /// | `sin`              | z = sin x                                 | x̄ = g ⊙ cos x                                |
    /// | `cos`              | z = cos x                                 | x̄ = −g ⊙ sin x                               |
    /// | `erf`              | z = erf x                                 | x̄ = g ⊙ (2/√π) e^(−x²)                       |
    /// | `softplus`         | z = ln(1 + eˣ)                            | x̄ = g ⊙ σ(x)                                 |
    static let special: [Primitive] = [.sin, .cos, .erf, .softplus]

    /// `x.sin()`
    public static let sin = Primitive("sin")
    /// `x.cos()`
    public static let cos = Primitive("cos")
    /// `x.erf()` (and the exact GELU)
    public static let erf = Primitive("erf")
    /// `x.softplus()`
    public static let softplus = Primitive("softplus")
}

extension Variable {
    /// The sine elementwise (radians); the gradient is the cosine.
    ///
    /// ```swift
    /// let encoding = (x * a).sin()   // positions x times frequencies a: sinusoidal features
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func sin(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.sin, value.sin(), self, reads: .first, at: CodeLocation(fileID: file, line: line)) { out, g in
            Gradients(g * out.inputs[0].cos())
        }
    }

    /// The cosine elementwise (radians); the gradient is minus the sine.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func cos(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.cos, value.cos(), self, reads: .first, at: CodeLocation(fileID: file, line: line)) { out, g in
            Gradients(-g * out.inputs[0].sin())
        }
    }

    /// The error function elementwise; its gradient is the Gaussian `2/√π e^(−x²)`.
    ///
    /// ```swift
    /// let cdf = ((x / Float(2).squareRoot()).erf() + 1) * 0.5   // the standard normal CDF of x
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func erf(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.erf, value.erf(), self, reads: .first, at: CodeLocation(fileID: file, line: line)) { out, g in
            let x = out.inputs[0]
            return Gradients(g * (x * x * -1).exp() * Scalar(2 / Double.pi.squareRoot()))
        }
    }

    /// `log(1 + e^x)` elementwise, computed as `max(x, 0) + log1p(e^-|x|)` so it neither
    /// overflows for large `x` nor rounds to 0 for very negative `x`; the gradient is
    /// `sigmoid(x)` (0.5 at 0, as PyTorch's).
    ///
    /// ```swift
    /// let scale = a.softplus() + 1e-4     // a positive standard deviation from any real
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func softplus(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.softplus, value.softplus(), self, reads: .first, at: CodeLocation(fileID: file, line: line)) { out, g in
            Gradients(g * out.inputs[0].sigmoid())
        }
    }
}

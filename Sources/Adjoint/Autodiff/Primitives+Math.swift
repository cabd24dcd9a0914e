// Primitive ops, part 2: elementwise functions. Masks in the backward are constants: the
// functions are piecewise, so their derivative's derivative is zero almost everywhere.

extension Primitive {
    /// The elementwise rows of the derivatives table (notation in `Primitive`).
    ///
    /// | Primitive          | Forward                                   | Vector-Jacobian product                      |
    /// |--------------------|-------------------------------------------|----------------------------------------------|
    /// | `exp`              | z = eˣ                                    | x̄ = g ⊙ z                                    |
    /// | `log`              | z = ln x                                  | x̄ = g / x                                    |
    /// | `tanh`             | z = tanh x                                | x̄ = g ⊙ (1 − z²)                             |
    /// | `sqrt`             | z = √x                                    | x̄ = g / (2z)                                 |
    /// | `pow`              | z = xᵖ, p constant                        | x̄ = g ⊙ p xᵖ⁻¹                               |
    /// | `abs`              | z = \|x\|                                 | x̄ = g ⊙ sign x  (sign 0 = 0)                 |
    /// | `maximum`          | z = max(x, c)                             | x̄ = g ⊙ [x > c]                              |
    /// | `maximumOf`        | z = max(x, y)                             | x̄ = ↓x(g ⊙ w),  ȳ = ↓y(g ⊙ (1 − w)),         |
    /// |                    |                                           | w = [x > y] + ½ [x = y]                      |
    /// | `select`           | z = m ⊙ x + (1 − m) ⊙ y, m a 0/1 constant | x̄ = ↓x(g ⊙ m),  ȳ = ↓y(g ⊙ (1 − m))          |
    /// | `maskedFill`       | z = c where m ≠ 0, else x; m constant     | x̄ = g where m = 0, else 0                    |
    static let math: [Primitive] = [.exp, .log, .tanh, .sqrt, .pow, .abs, .maximum, .maximumOf, .select, .maskedFill]

    /// `x.exp()`
    public static let exp = Primitive("exp")
    /// `x.log()`
    public static let log = Primitive("log")
    /// `x.tanh()`
    public static let tanh = Primitive("tanh")
    /// `x.sqrt()`
    public static let sqrt = Primitive("sqrt")
    /// `x.pow(p)`
    public static let pow = Primitive("pow")
    /// `x.abs()`
    public static let abs = Primitive("abs")
    /// `x.maximum(c)` (and `relu()`)
    public static let maximum = Primitive("maximum")
    /// `x.maximum(y)` between two variables (and `x.minimum(y)`)
    public static let maximumOf = Primitive("maximumOf")
    /// `x.select(mask, else: y)`
    public static let select = Primitive("select")
    /// `x.maskedFill(mask, with: c)`
    public static let maskedFill = Primitive("maskedFill")
}

extension Variable {
    /// `e^self` elementwise; the pullback reads the output, `d/dx e^x = e^x`.
    ///
    /// ```swift
    /// let y = x.exp()          // [0, 1] -> [1, 2.718...]
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func exp(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.exp, value.exp(), self, reads: .output, at: CodeLocation(fileID: file, line: line)) { out, g in Gradients(g * out) }
    }

    /// The natural logarithm elementwise; NaN below 0, as the tensor op.
    ///
    /// ```swift
    /// let y = x.log()          // [1, 2.718...] -> [0, 1]
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func log(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.log, value.log(), self, reads: .first, at: CodeLocation(fileID: file, line: line)) { out, g in Gradients(g / out.inputs[0]) }
    }

    /// Hyperbolic tangent elementwise; the pullback reads the output, `1 - tanh^2`.
    ///
    /// ```swift
    /// let h = x.matmul(w).tanh()   // values in (-1, 1)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func tanh(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.tanh, value.tanh(), self, reads: .output, at: CodeLocation(fileID: file, line: line)) { out, g in Gradients(g * (1 - out * out)) }
    }

    /// The square root elementwise; its gradient `1 / (2 sqrt(x))` is infinite at 0.
    ///
    /// ```swift
    /// let r = x.sqrt()         // [0, 1, 4] -> [0, 1, 2]
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func sqrt(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.sqrt, value.sqrt(), self, reads: .output, at: CodeLocation(fileID: file, line: line)) { out, g in Gradients(g / (2 * out)) }
    }

    /// `self ** exponent` for a constant exponent.
    ///
    /// ```swift
    /// let y = x.pow(3)         // [1, 2] -> [1, 8]; gradient 3x^2
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func pow(_ exponent: Scalar, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.pow, value.pow(exponent), self, reads: .first, at: CodeLocation(fileID: file, line: line), parameter: exponent) { out, g in
            Gradients(g * out.parameter * out.inputs[0].pow(out.parameter - 1))
        }
    }

    /// The absolute value elementwise; the gradient is the sign of the input.
    ///
    /// ```swift
    /// let penalty = w.abs().sum()   // an L1 penalty
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func abs(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.abs, value.abs(), self, reads: .first, at: CodeLocation(fileID: file, line: line)) { out, g in Gradients(g * out.inputs[0].value.sign()) }
    }

    /// `max(self, c)` elementwise; the gradient is 0 where `self <= c` (so ReLU's is 0 at 0).
    /// The mask is read from the output (`out > c` exactly where `self > c`), so the input's
    /// value need not be kept: after `matmul + b`, the sum can be freed. Unless the backward
    /// pass builds a graph, the product is one pass (`masked`), with the same bits: the mask
    /// and the multiply were two passes over the activation.
    ///
    /// ```swift
    /// let y = x.maximum(0)     // [-1, 2] -> [0, 2], as `relu()`
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func maximum(_ c: Scalar, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.maximum, value.maximum(c), self, reads: .output, at: CodeLocation(fileID: file, line: line), parameter: c) { out, g in
            g.requiresGrad ? Gradients(g * (out.value .> out.parameter))
                : Gradients(Variable(constant: g.value.masked(where: out.value, isGreaterThan: out.parameter)))
        }
    }

    /// The larger of `self` and `other` at each position (broadcasting), as PyTorch's
    /// `torch.maximum`; where they tie, each gets half the gradient.
    ///
    /// ```swift
    /// let upper = outputs.maximum(targets)     // elementwise, both take a gradient
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func maximum(_ other: Variable, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.maximumOf, value.maximum(other.value), self, other, reads: [.first, .second],
                        at: CodeLocation(fileID: file, line: line)) { out, g in
            let x = out.inputs[0], y = out.inputs[1]
            let share = (x.value .> y.value) + (x.value .== y.value) * 0.5
            return Gradients(x.needing(g * share), y.needing(g * (1 - share)))
        }
    }

    /// `mask ? self : other` elementwise for a constant 0/1 `mask` (broadcasting).
    ///
    /// ```swift
    /// let y = x.select(x.value .> 0, else: x * 0.01)   // leaky ReLU
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func select(_ mask: Tensor<Scalar>, else other: Variable, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let out = mask * value + (1 - mask) * other.value
        return Variable.record(.select, out, self, other, reads: .nothing, at: CodeLocation(fileID: file, line: line)) { out, g in
            Gradients(out.inputs[0].needing(g * mask), out.inputs[1].needing(g * (1 - mask)))
        }
    }

    /// `value` where `mask` is nonzero, `self` elsewhere (`mask` a constant broadcasting to
    /// `self`'s shape), as PyTorch's `masked_fill`. The filled positions hold exactly `value`,
    /// -infinity included (the mask never multiplies it), and pass no gradient.
    ///
    /// ```swift
    /// let t = Tensor<Float>(arange: 0, 4)
    /// let future = t.reshaped([1, 4]) .> t.reshaped([4, 1])             // key after query
    /// let attention = scores.maskedFill(future, with: -.infinity).softmax()   // exact zeros there
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func maskedFill(_ mask: Tensor<Scalar>, with value: Scalar, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.maskedFill, self.value.maskedFill(mask, with: value), self, reads: .nothing,
                        at: CodeLocation(fileID: file, line: line)) { _, g in
            Gradients(g.maskedFill(mask, with: 0))
        }
    }
}

// Primitive ops, part 1: broadcasting arithmetic and matrix multiply.
// Each op is its forward value paired with what its pullback reads and its vector-Jacobian
// product (`g` is the gradient of the output). A pullback returns a broadcast operand's
// gradient in the output's shape; the backward pass sums it back to the operand's.
// `x.needing(...)` skips the work for an input that takes no gradient (data, constants).
// Pullbacks take their inputs from the node (`out.inputs`) instead of capturing them: a
// captured input is one more reference, which would keep the graph from freeing a value no
// pullback reads (`Reads`), and a closure that captures nothing allocates no context.
// `@_specialize` gives each op a Float and a Double entry point, so calls from other modules
// (which see only the generic version) do not pay for generic metadata on every scalar op.

extension Primitive {
    /// The arithmetic rows of the derivatives table (notation in `Primitive`; `↓x` is the
    /// backward pass's sum back to `x`'s shape).
    ///
    /// | Primitive          | Forward                                   | Vector-Jacobian product                      |
    /// |--------------------|-------------------------------------------|----------------------------------------------|
    /// | `add`              | z = x + y                                 | x̄ = ↓x(g),  ȳ = ↓y(g)                        |
    /// | `subtract`         | z = x − y                                 | x̄ = ↓x(g),  ȳ = ↓y(−g)                       |
    /// | `multiply`         | z = x ⊙ y                                 | x̄ = ↓x(g ⊙ y),  ȳ = ↓y(g ⊙ x)                |
    /// | `divide`           | z = x / y                                 | x̄ = ↓x(g / y),  ȳ = ↓y(−g ⊙ z / y)           |
    /// | `negate`           | z = −x                                    | x̄ = −g                                       |
    /// | `matmul`           | z = op(x) op(y), op = identity or ᵀ       | op(x)‾ = g op(y)ᵀ,  op(y)‾ = op(x)ᵀ g        |
    /// | `addConstant`      | z = x + c                                 | x̄ = g                                        |
    /// | `scale`            | z = c x                                   | x̄ = c g                                      |
    /// | `divideByConstant` | z = x / c                                 | x̄ = g / c                                    |
    static let arithmetic: [Primitive] = [.add, .subtract, .multiply, .divide, .negate, .matmul, .addConstant, .scale,
                                          .divideByConstant]

    /// `x + y`
    public static let add = Primitive("add")
    /// `x - y`
    public static let subtract = Primitive("subtract")
    /// `x * y`
    public static let multiply = Primitive("multiply")
    /// `x / y`
    public static let divide = Primitive("divide")
    /// `-x`
    public static let negate = Primitive("negate")
    /// `x.matmul(y, transposeSelf:transposeOther:)`
    public static let matmul = Primitive("matmul")
    /// `x + c`, `x - c`, `c + x` for a scalar `c`
    public static let addConstant = Primitive("addConstant")
    /// `x * c`, `c * x` for a scalar `c`
    public static let scale = Primitive("scale")
    /// `x / c` for a scalar `c`
    public static let divideByConstant = Primitive("divideByConstant")
}

extension Variable {
    /// The elementwise sum, broadcasting; a broadcast operand's gradient is summed back to its shape.
    ///
    /// ```swift
    /// let y = x.matmul(w) + b      // (N, M) + (M) -> (N, M)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func + (x: Variable, y: Variable) -> Variable {
        record(.add, x.value + y.value, x, y, reads: .nothing) { out, g in
            Gradients(out.inputs[0].needing(g), out.inputs[1].needing(g))
        }
    }

    /// The elementwise difference, broadcasting.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func - (x: Variable, y: Variable) -> Variable {
        record(.subtract, x.value - y.value, x, y, reads: .nothing) { out, g in
            Gradients(out.inputs[0].needing(g), out.inputs[1].needing(-g))
        }
    }

    /// The elementwise product, broadcasting.
    ///
    /// ```swift
    /// let y = a * x + b   // (D) * (N, D) + (D): a scale and a shift
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func * (x: Variable, y: Variable) -> Variable {
        record(.multiply, x.value * y.value, x, y, reads: [.secondForFirst, .firstForSecond]) { out, g in
            let x = out.inputs[0], y = out.inputs[1]
            return Gradients(x.needing(g * y), y.needing(g * x))
        }
    }

    /// The elementwise quotient, broadcasting.
    ///
    /// ```swift
    /// let e = logits.exp()
    /// let p = e / e.sum(alongAxes: [1], keepingDimensions: true)   // (N, C) / (N, 1)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func / (x: Variable, y: Variable) -> Variable {
        record(.divide, x.value / y.value, x, y, reads: [.second, .outputForSecond]) { out, g in
            let x = out.inputs[0], y = out.inputs[1]
            return Gradients(x.needing(g / y), y.needing(-g * out / y))
        }
    }

    /// The elementwise negation.
    ///
    /// ```swift
    /// let loss = -logits.gathering(labels).mean()   // logits: log-probabilities
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static prefix func - (x: Variable) -> Variable {
        record(.negate, -x.value, x, reads: .nothing) { _, g in Gradients(-g) }
    }

    /// The matrix product `op(self) @ op(other)` (see `Tensor.matmul`); transposed operands
    /// are read in place, and so are the transposes in the backward.
    ///
    /// ```swift
    /// let y = x.matmul(w)                          // (N, D) @ (D, M) -> (N, M)
    /// let z = x.matmul(v, transposeOther: true)    // (N, D) @ (M, D)^T -> (N, M)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func matmul(_ other: Variable, transposeSelf: Bool = false, transposeOther: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        matmul(other, transposeSelf: transposeSelf, transposeOther: transposeOther,
               product: value.matmul(other.value, transposeSelf: transposeSelf, transposeOther: transposeOther),
               file: file, line: line)
    }

    /// The `matmul` primitive with its forward value already computed (by a fused kernel that
    /// gives the same bits).
    func matmul(_ other: Variable, transposeSelf: Bool, transposeOther: Bool, product: Tensor<Scalar>,
                file: StaticString, line: UInt) -> Variable {
        let (tx, ty) = (transposeSelf, transposeOther)
        return Variable.record(.matmul, product, self, other, reads: [.secondForFirst, .firstForSecond],
                               at: CodeLocation(fileID: file, line: line)) { out, g in
            // out = op(x) op(y):  d op(x) = g op(y)^T,  d op(y) = op(x)^T g.
            let x = out.inputs[0], y = out.inputs[1]
            return Gradients(x.needing(tx ? y.matmul(g, transposeSelf: ty, transposeOther: true) : g.matmul(y, transposeOther: !ty)),
                             y.needing(ty ? g.matmul(x, transposeSelf: true, transposeOther: tx) : x.matmul(g, transposeSelf: !tx)))
        }
    }
}

// A scalar constant shifts or scales without becoming a variable: two small primitives, so a
// composition's constants (GELU's, a mean's 1/n) cost no extra nodes or allocations.
extension Variable {
    /// `x + c` for a constant `c`: the gradient passes through.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func + (x: Variable, c: Scalar) -> Variable {
        record(.addConstant, x.value + c, x, reads: .nothing) { _, g in Gradients(g) }
    }

    /// `x * c` for a constant `c`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func * (x: Variable, c: Scalar) -> Variable {
        record(.scale, x.value * c, x, reads: .nothing, parameter: c) { out, g in Gradients(g * out.parameter) }
    }

    /// `x / c` for a constant `c`.
    ///
    /// ```swift
    /// let y = x / 255             // pixel values to [0, 1]
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func / (x: Variable, c: Scalar) -> Variable {
        record(.divideByConstant, x.value / c, x, reads: .nothing, parameter: c) { out, g in Gradients(g / out.parameter) }
    }

    /// `x - c` for a constant `c`: `x + (-c)`.
    public static func - (x: Variable, c: Scalar) -> Variable { x + -c }
    /// `c + x` for a constant `c`: `x + c`.
    public static func + (c: Scalar, x: Variable) -> Variable { x + c }
    /// `c - x` for a constant `c`: `-x + c`.
    public static func - (c: Scalar, x: Variable) -> Variable { -x + c }
    /// `c * x` for a constant `c`: `x * c`.
    public static func * (c: Scalar, x: Variable) -> Variable { x * c }
    /// `c / x` for a constant `c`, which becomes a one-element constant broadcast against `x`.
    public static func / (c: Scalar, x: Variable) -> Variable { Variable(constant: Tensor(c)) / x }
}

// Constant tensors mix with variables through these conveniences (compositions, not primitives).
extension Variable {
    /// `x + c` for a constant tensor `c` (broadcasting); `c` receives no gradient.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func + (x: Variable, c: Tensor<Scalar>) -> Variable { x + Variable(constant: c) }
    /// `x - c` for a constant tensor `c` (broadcasting); `c` receives no gradient.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func - (x: Variable, c: Tensor<Scalar>) -> Variable { x - Variable(constant: c) }
    /// `x * c` for a constant tensor `c` (broadcasting); `c` receives no gradient.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func * (x: Variable, c: Tensor<Scalar>) -> Variable { x * Variable(constant: c) }
    /// `x / c` for a constant tensor `c` (broadcasting); `c` receives no gradient.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func / (x: Variable, c: Tensor<Scalar>) -> Variable { x / Variable(constant: c) }
}

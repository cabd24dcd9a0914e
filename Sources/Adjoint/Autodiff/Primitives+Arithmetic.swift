// Primitive ops, part 1: broadcasting arithmetic and matrix multiply.
// Each op is its forward value paired with its vector-Jacobian product (`g` is the gradient
// of the output). Broadcasting in the forward is undone by `sum(toShape:)` in the backward.
// `x.needing(...)` skips the work for an input that takes no gradient (data, constants).
// Pullbacks take their inputs from the node (`out.inputs`) instead of capturing them: a
// captured input is one more reference, which would keep the graph from freeing a value no
// pullback reads (`Primitive.savedValues`), and a closure that captures nothing allocates no
// context.
// `@_specialize` gives each op a Float and a Double entry point, so calls from other modules
// (which see only the generic version) do not pay for generic metadata on every scalar op.

extension Variable {
    /// The elementwise sum, broadcasting; a broadcast operand's gradient is summed back to its shape.
    ///
    /// ```swift
    /// let y = x.matmul(w) + b      // (N, M) + (M) -> (N, M)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func + (x: Variable, y: Variable) -> Variable {
        record(.add, x.value + y.value, x, y) { out, g in
            let x = out.inputs[0], y = out.inputs[1]
            return Gradients(x.needing(g.sum(toShape: x.shape)), y.needing(g.sum(toShape: y.shape)))
        }
    }

    /// The elementwise difference, broadcasting.
    ///
    /// ```swift
    /// let diff = pred - target
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func - (x: Variable, y: Variable) -> Variable {
        record(.subtract, x.value - y.value, x, y) { out, g in
            let x = out.inputs[0], y = out.inputs[1]
            return Gradients(x.needing(g.sum(toShape: x.shape)), y.needing((-g).sum(toShape: y.shape)))
        }
    }

    /// The elementwise product, broadcasting.
    ///
    /// ```swift
    /// let y = gamma * normalized + beta   // (D) * (N, D) + (D)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func * (x: Variable, y: Variable) -> Variable {
        record(.multiply, x.value * y.value, x, y) { out, g in
            let x = out.inputs[0], y = out.inputs[1]
            return Gradients(x.needing((g * y).sum(toShape: x.shape)), y.needing((g * x).sum(toShape: y.shape)))
        }
    }

    /// The elementwise quotient, broadcasting.
    ///
    /// ```swift
    /// let p = e / e.sum(alongAxes: [1], keepingDimensions: true)   // (N, C) / (N, 1)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func / (x: Variable, y: Variable) -> Variable {
        record(.divide, x.value / y.value, x, y) { out, g in
            let x = out.inputs[0], y = out.inputs[1]
            return Gradients(x.needing((g / y).sum(toShape: x.shape)), y.needing((-g * out / y).sum(toShape: y.shape)))
        }
    }

    /// The elementwise negation.
    ///
    /// ```swift
    /// let loss = -logProbs.gathering(labels).mean()
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static prefix func - (x: Variable) -> Variable {
        record(.negate, -x.value, x) { _, g in Gradients(-g) }
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
        return Variable.record(.matmul, product, self, other, at: CodeLocation(fileID: file, line: line)) { out, g in
            // out = op(x) op(y):  d op(x) = g op(y)^T,  d op(y) = op(x)^T g.
            let x = out.inputs[0], y = out.inputs[1]
            return Gradients(x.needing((tx ? y.matmul(g, transposeSelf: ty, transposeOther: true)
                           : g.matmul(y, transposeOther: !ty)).sum(toShape: x.shape)),
             y.needing((ty ? g.matmul(x, transposeSelf: true, transposeOther: tx)
                           : x.matmul(g, transposeSelf: !tx)).sum(toShape: y.shape)))
        }
    }
}

// A scalar constant shifts or scales without becoming a variable: two small primitives, so a
// composition's constants (GELU's, a mean's 1/n) cost no extra nodes or allocations.
extension Variable {
    /// `x + c` for a constant `c`: the gradient passes through.
    ///
    /// ```swift
    /// let y = x + 1
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func + (x: Variable, c: Scalar) -> Variable {
        record(.addConstant, x.value + c, x) { _, g in Gradients(g) }
    }

    /// `x * c` for a constant `c`.
    ///
    /// ```swift
    /// let y = x * 0.5
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func * (x: Variable, c: Scalar) -> Variable {
        record(.scale, x.value * c, x, parameter: c) { out, g in Gradients(g * out.parameter) }
    }

    /// `x / c` for a constant `c`.
    ///
    /// ```swift
    /// let y = x / 255             // pixel values to [0, 1]
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func / (x: Variable, c: Scalar) -> Variable {
        record(.divideByConstant, x.value / c, x, parameter: c) { out, g in Gradients(g / out.parameter) }
    }

    /// `x - c` for a constant `c`: `x + (-c)`.
    ///
    /// ```swift
    /// let y = x - 0.5
    /// ```
    public static func - (x: Variable, c: Scalar) -> Variable { x + -c }
    /// `c + x` for a constant `c`: `x + c`.
    ///
    /// ```swift
    /// let y = 1 + x
    /// ```
    public static func + (c: Scalar, x: Variable) -> Variable { x + c }
    /// `c - x` for a constant `c`: `-x + c`.
    ///
    /// ```swift
    /// let q = 1 - p               // the complement of a probability
    /// ```
    public static func - (c: Scalar, x: Variable) -> Variable { -x + c }
    /// `c * x` for a constant `c`: `x * c`.
    ///
    /// ```swift
    /// let y = 2 * x
    /// ```
    public static func * (c: Scalar, x: Variable) -> Variable { x * c }
    /// `c / x` for a constant `c`, which becomes a one-element constant broadcast against `x`.
    ///
    /// ```swift
    /// let r = 1 / x
    /// ```
    public static func / (c: Scalar, x: Variable) -> Variable { Variable(constant: Tensor(c)) / x }
}

// Constant tensors mix with variables through these conveniences (compositions, not primitives).
extension Variable {
    /// `x + c` for a constant tensor `c` (broadcasting); `c` receives no gradient.
    ///
    /// ```swift
    /// let y = x + Tensor<Float>.ones(x.shape)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func + (x: Variable, c: Tensor<Scalar>) -> Variable { x + Variable(constant: c) }
    /// `x - c` for a constant tensor `c` (broadcasting); `c` receives no gradient.
    ///
    /// ```swift
    /// let err = pred - targets    // targets: Tensor, no gradient
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func - (x: Variable, c: Tensor<Scalar>) -> Variable { x - Variable(constant: c) }
    /// `x * c` for a constant tensor `c` (broadcasting); `c` receives no gradient.
    ///
    /// ```swift
    /// let y = x * mask            // mask: Tensor of 0s and 1s
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func * (x: Variable, c: Tensor<Scalar>) -> Variable { x * Variable(constant: c) }
    /// `x / c` for a constant tensor `c` (broadcasting); `c` receives no gradient.
    ///
    /// ```swift
    /// let y = x / std             // std: Tensor of shape (D), x: (N, D)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func / (x: Variable, c: Tensor<Scalar>) -> Variable { x / Variable(constant: c) }
}

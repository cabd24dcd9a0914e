// Primitive ops, part 1: broadcasting arithmetic and matrix multiply.
// Each op is its forward value paired with its vector-Jacobian product (`g` is the gradient
// of the output). Broadcasting in the forward is undone by `sum(toShape:)` in the backward.

extension Variable {
    public static func + (x: Variable, y: Variable) -> Variable {
        record("add", x.value + y.value, [x, y]) { _, g in
            [g.sum(toShape: x.shape), g.sum(toShape: y.shape)]
        }
    }

    public static func - (x: Variable, y: Variable) -> Variable {
        record("subtract", x.value - y.value, [x, y]) { _, g in
            [g.sum(toShape: x.shape), (-g).sum(toShape: y.shape)]
        }
    }

    public static func * (x: Variable, y: Variable) -> Variable {
        record("multiply", x.value * y.value, [x, y]) { _, g in
            [(g * y).sum(toShape: x.shape), (g * x).sum(toShape: y.shape)]
        }
    }

    public static func / (x: Variable, y: Variable) -> Variable {
        record("divide", x.value / y.value, [x, y]) { out, g in
            [(g / y).sum(toShape: x.shape), (-g * out / y).sum(toShape: y.shape)]
        }
    }

    public static prefix func - (x: Variable) -> Variable {
        record("negate", -x.value, [x]) { _, g in [-g] }
    }

    /// The matrix product `op(self) @ op(other)` (see `Tensor.matmul`); transposed operands
    /// are read in place, and so are the transposes in the backward.
    public func matmul(_ other: Variable, transposeSelf: Bool = false, transposeOther: Bool = false) -> Variable {
        let (x, y, tx, ty) = (self, other, transposeSelf, transposeOther)
        return Variable.record("matmul", x.value.matmul(y.value, transposeSelf: tx, transposeOther: ty), [x, y]) { _, g in
            // out = op(x) op(y):  d op(x) = g op(y)^T,  d op(y) = op(x)^T g.
            let dx = tx ? y.matmul(g, transposeSelf: ty, transposeOther: true)
                        : g.matmul(y, transposeOther: !ty)
            let dy = ty ? g.matmul(x, transposeSelf: true, transposeOther: tx)
                        : x.matmul(g, transposeSelf: !tx)
            return [dx.sum(toShape: x.shape), dy.sum(toShape: y.shape)]
        }
    }
}

// Constants mix with variables through these conveniences (compositions, not primitives).
extension Variable {
    public static func + (x: Variable, c: Scalar) -> Variable { x + Variable(constant: Tensor(c)) }
    public static func - (x: Variable, c: Scalar) -> Variable { x - Variable(constant: Tensor(c)) }
    public static func * (x: Variable, c: Scalar) -> Variable { x * Variable(constant: Tensor(c)) }
    public static func / (x: Variable, c: Scalar) -> Variable { x / Variable(constant: Tensor(c)) }
    public static func + (c: Scalar, x: Variable) -> Variable { Variable(constant: Tensor(c)) + x }
    public static func - (c: Scalar, x: Variable) -> Variable { Variable(constant: Tensor(c)) - x }
    public static func * (c: Scalar, x: Variable) -> Variable { Variable(constant: Tensor(c)) * x }
    public static func / (c: Scalar, x: Variable) -> Variable { Variable(constant: Tensor(c)) / x }
    public static func + (x: Variable, c: Tensor<Scalar>) -> Variable { x + Variable(constant: c) }
    public static func - (x: Variable, c: Tensor<Scalar>) -> Variable { x - Variable(constant: c) }
    public static func * (x: Variable, c: Tensor<Scalar>) -> Variable { x * Variable(constant: c) }
    public static func / (x: Variable, c: Tensor<Scalar>) -> Variable { x / Variable(constant: c) }
}

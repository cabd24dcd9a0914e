/// Every operation the tape records, with its derivative: the table of primitives.
///
/// `Variable.record` takes a `Primitive`, so no operation can record itself without a row
/// here; everything else (mean, softmax, convolution, ...) is a composition of these. In the
/// table, `g` is the gradient of the output `z`, `x̄` the gradient passed to input `x`, `⊙`
/// and `/` are elementwise, and `↓x(t)` sums `t` over the axes broadcasting added, back to
/// `x`'s shape.
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
/// | `exp`              | z = eˣ                                    | x̄ = g ⊙ z                                    |
/// | `log`              | z = ln x                                  | x̄ = g / x                                    |
/// | `tanh`             | z = tanh x                                | x̄ = g ⊙ (1 − z²)                             |
/// | `sqrt`             | z = √x                                    | x̄ = g / (2z)                                 |
/// | `pow`              | z = xᵖ, p constant                        | x̄ = g ⊙ p xᵖ⁻¹                               |
/// | `abs`              | z = \|x\|                                 | x̄ = g ⊙ sign x  (sign 0 = 0)                 |
/// | `maximum`          | z = max(x, c)                             | x̄ = g ⊙ [x > c]                              |
/// | `select`           | z = m ⊙ x + (1 − m) ⊙ y, m a 0/1 constant | x̄ = ↓x(g ⊙ m),  ȳ = ↓y(g ⊙ (1 − m))          |
/// | `sum`              | z = Σ x over axes                         | x̄ = g broadcast back over those axes         |
/// | `max`              | z = max x along an axis                   | x̄ = g ⊙ [x = z] / (number of ties)           |
/// | `reshape`          | z = x with shape s                        | x̄ = g with x's shape                         |
/// | `permute`          | z = x with axes permuted by π             | x̄ = g permuted by π⁻¹                        |
/// | `broadcast`        | z = x broadcast to shape s                | x̄ = ↓x(g)                                    |
/// | `sumToShape`       | z = ↓s(x)                                 | x̄ = g broadcast to x's shape                 |
/// | `slice`            | z = x[a..<b] along an axis                | x̄ = [0 (a), g, 0 (n − b)] along that axis    |
/// | `concatenate`      | z = [x₁, …, xₙ] along an axis             | x̄ᵢ = the part of g where xᵢ went             |
/// | `gather`           | z[i] = x[idx[i]] (flat)                   | x̄ = scatterAdd(g, idx)                       |
/// | `scatterAdd`       | z = 0, then z[idx[i]] += x[i] (flat)      | x̄[i] = g[idx[i]] (a gather)                  |
/// | `patches`          | z = im2col(x): each window a row          | x̄ = col2im(g) (foldPatches)                  |
/// | `foldPatches`      | z = col2im(x): rows summed into windows   | x̄ = im2col(g) (patches)                      |
///
/// The pullbacks are written with `Variable` operations, so each row is itself differentiable
/// (`createGraph: true`). The derivative of the piecewise masks (`abs`, `maximum`, `max`,
/// `select`) is taken as zero.
///
/// ```swift
/// let loss = (x.matmul(w) + b).tanh().sum()
/// loss.primitive                  // .sum
/// loss.recordedPrimitives         // [.sum, .tanh, .add, .matmul]
/// Primitive.allCases.count        // 29
/// ```
public enum Primitive: String, CaseIterable, Sendable {
    /// `x + y`
    case add
    /// `x - y`
    case subtract
    /// `x * y`
    case multiply
    /// `x / y`
    case divide
    /// `-x`
    case negate
    /// `x.matmul(y, transposeSelf:transposeOther:)`
    case matmul
    /// `x + c`, `x - c`, `c + x` for a scalar `c`
    case addConstant
    /// `x * c`, `c * x` for a scalar `c`
    case scale
    /// `x / c` for a scalar `c`
    case divideByConstant
    /// `x.exp()`
    case exp
    /// `x.log()`
    case log
    /// `x.tanh()`
    case tanh
    /// `x.sqrt()`
    case sqrt
    /// `x.pow(p)`
    case pow
    /// `x.abs()`
    case abs
    /// `x.maximum(c)` (and `relu()`)
    case maximum
    /// `x.select(mask, else: y)`
    case select
    /// `x.sum(alongAxes:keepingDimensions:)`
    case sum
    /// `x.max(alongAxis:keepingDimensions:)`
    case max
    /// `x.reshaped(shape)`
    case reshape
    /// `x.permuted(axes)`
    case permute
    /// `x.broadcast(to:)`
    case broadcast
    /// `x.sum(toShape:)`
    case sumToShape
    /// `x.slice(range, alongAxis:)`
    case slice
    /// `Variable.concatenate(parts, alongAxis:)`
    case concatenate
    /// `x.gathering(flatIndices:shape:)`
    case gather
    /// `x.scatterAdding(flatIndices:shape:)`
    case scatterAdd
    /// `x.patches(geometry)` (im2col)
    case patches
    /// `x.foldingPatches(geometry)` (col2im)
    case foldPatches
}

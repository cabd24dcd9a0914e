// Which recorded values each primitive's pullback reads: the tape's counterpart of PyTorch's
// saved tensors. Only these stay alive for the backward pass; the value of a result that no
// pullback reads is freed once nothing else can reach it (`Variable.releaseUnreadValues`).

/// The values a pullback reads besides the incoming gradient: the primitive's own output, its
/// first input, its second input. Shapes are always kept; only element storage is at stake.
///
/// ```swift
/// Primitive.multiply.savedValues(firstRequiresGrad: true, secondRequiresGrad: false)
/// // (output: false, first: false, second: true): x̄ = g ⊙ y reads y; x is read only for ȳ
/// ```
struct SavedValues: Equatable {
    var output = false, first = false, second = false
}

extension Primitive {
    /// What this primitive's pullback reads, given which of its first two inputs take a
    /// gradient (`x̄ = g ⊙ y` needs `y` only if `x` takes one). Exhaustive on purpose: a new
    /// primitive must say what it keeps. Checked per primitive by `SavedValuesTests`, which
    /// runs every pullback with its unread values freed.
    ///
    /// | Reads          | Primitives                                         |
    /// |----------------|----------------------------------------------------|
    /// | output         | `exp`, `tanh`, `sqrt`, `maximum` (z > c ⇔ x > c)   |
    /// | first input    | `log`, `pow`, `abs`                                |
    /// | first + output | `max` (ties: x = z)                                |
    /// | the other input| `multiply`, `matmul` (each only for the other's ḡ) |
    /// | second + output| `divide` (z only for ȳ)                            |
    /// | nothing        | every other primitive: shapes, indices, masks      |
    func savedValues(firstRequiresGrad a: Bool, secondRequiresGrad b: Bool) -> SavedValues {
        switch self {
        case .exp, .tanh, .sqrt, .maximum: SavedValues(output: true)
        case .log, .pow, .abs: SavedValues(first: true)
        case .max: SavedValues(output: true, first: true)
        case .multiply, .matmul: SavedValues(first: b, second: a)
        case .divide: SavedValues(output: b, second: true)
        case .add, .subtract, .negate, .addConstant, .scale, .divideByConstant, .select, .sum, .reshape, .permute,
             .broadcast, .sumToShape, .slice, .concatenate, .gather, .scatterAdd, .patches, .foldPatches:
            SavedValues()
        }
    }
}

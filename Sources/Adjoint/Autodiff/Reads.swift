// What a pullback reads: the tape's counterpart of PyTorch's saved tensors. Only these values
// stay alive for the backward pass; the value of a result that no pullback reads is freed
// once nothing else can reach it (`Variable.releaseUnreadValues`).

/// The values a pullback reads besides the incoming gradient, declared where the primitive is
/// recorded: its own output, its first input, its second input, or all of them. Shapes are
/// always kept; only element storage is at stake. The `...For...` members read a value only
/// when the other input takes a gradient (`x̄ = g ⊙ y` needs `y` only if `x` takes one).
///
/// ```swift excerpt
/// record(.tanh, value.tanh(), self, reads: .output) { out, g in Gradients(g * (1 - out * out)) }
/// record(.multiply, x.value * y.value, x, y, reads: [.firstForSecond, .secondForFirst]) { ... }
/// ```
struct Reads: OptionSet, Sendable {
    let rawValue: UInt8

    /// The primitive's own output `z` (`exp`, `tanh`).
    static let output = Reads(rawValue: 1 << 0)
    /// The first input `x` (`log`, `pow`).
    static let first = Reads(rawValue: 1 << 1)
    /// The second input `y` (`divide`).
    static let second = Reads(rawValue: 1 << 2)
    /// `x`, only for `ȳ` (`multiply`: ȳ = g ⊙ x).
    static let firstForSecond = Reads(rawValue: 1 << 3)
    /// `y`, only for `x̄` (`multiply`: x̄ = g ⊙ y).
    static let secondForFirst = Reads(rawValue: 1 << 4)
    /// `z`, only for `ȳ` (`divide`: ȳ = −g ⊙ z / y).
    static let outputForSecond = Reads(rawValue: 1 << 5)
    /// The output and every input (a `CustomPrimitive`'s pullback may read any of them).
    static let everything = Reads(rawValue: 1 << 6)
    /// Shapes, indices and masks only.
    static let nothing: Reads = []

    /// The values read when the first and second inputs do (`a`, `b`) or do not take a
    /// gradient: only `output`, `first`, `second` and `everything` remain.
    func resolved(firstRequiresGrad a: Bool, secondRequiresGrad b: Bool) -> Reads {
        var reads = intersection([.output, .first, .second, .everything])
        if contains(.firstForSecond) && b { reads.insert(.first) }
        if contains(.secondForFirst) && a { reads.insert(.second) }
        if contains(.outputForSecond) && b { reads.insert(.output) }
        return reads
    }
}

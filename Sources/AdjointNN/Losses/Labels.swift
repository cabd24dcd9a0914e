/// Traps with the loss's name and the shapes when `labels` do not fit `(N, C)` scores.
func checkLabels(_ labels: [Int], scores: [Int], op: String) {
    check(scores.count == 2, "\(op): scores must have shape (N, C), got \(scores)")
    checkLabels(labels, scores: scores, ignoreIndex: nil, op: op)
}

/// Traps with the loss's name and the shapes when `labels` do not fit `(..., C)` scores: one
/// label per position of the leading axes, each a class or `ignoreIndex`.
func checkLabels(_ labels: [Int], scores: [Int], ignoreIndex: Int?, op: String) {
    check(scores.count >= 2, "\(op): scores must have shape (..., C), got \(scores)")
    let rows = scores.dropLast().reduce(1, *), classes = scores[scores.count - 1]
    check(labels.count == rows, "\(op): \(labels.count) labels for \(rows) score rows (shape \(scores))")
    if let bad = labels.first(where: { $0 != ignoreIndex && ($0 < 0 || $0 >= classes) }) {
        fatalError("\(op): label \(bad) is outside the class range 0..<\(classes)")
    }
}

/// Labels some of whose positions are ignored, as PyTorch's `ignore_index`.
struct IgnoredLabels<S: TensorScalar> {
    /// The labels with `ignoreIndex` replaced by class 0, so a gather stays in range.
    let labels: [Int]
    /// 1 at the positions that count, 0 at the ignored ones, in the shape of the per-row losses.
    let keep: Tensor<S>
    /// How many positions count.
    let kept: Int

    init(_ ignoreIndex: Int, in labels: [Int], shape: [Int]) {
        self.labels = labels.map { $0 == ignoreIndex ? 0 : $0 }
        keep = Tensor(labels.map { $0 == ignoreIndex ? S(0) : S(1) }, shape: shape)
        kept = labels.count { $0 != ignoreIndex }
    }
}

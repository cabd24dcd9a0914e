/// Traps with the loss's name and the shapes when `labels` do not fit `(N, C)` scores.
func checkLabels(_ labels: [Int], scores: [Int], op: String) {
    check(scores.count == 2, "\(op): scores must have shape (N, C), got \(scores)")
    check(labels.count == scores[0], "\(op): \(labels.count) labels for \(scores[0]) score rows (shape \(scores))")
    if let bad = labels.first(where: { $0 < 0 || $0 >= scores[1] }) {
        fatalError("\(op): label \(bad) is outside the class range 0..<\(scores[1])")
    }
}

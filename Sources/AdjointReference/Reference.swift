/// The course assignments' hand-written forward and backward passes: the answer key that the
/// tape (AdjointNN) and numerical gradients are held against.
///
/// Every layer is a pair of functions. The forward returns the output and a cache; the
/// backward takes the upstream gradient and that cache and returns the gradients of the
/// inputs and parameters. No tape is involved: each chain rule is written out by hand, as the
/// assignments did in numpy. Formulas and conventions follow `SPEC.md` of the assignments.
///
/// ```swift
/// let (out, cache) = Reference.affineForward(x, w, b)
/// let (dx, dw, db) = Reference.affineBackward(dout, cache: cache)
/// ```
public enum Reference {
    /// Whether a layer runs as in training (batch statistics, random masks) or as at test time.
    ///
    /// ```swift
    /// Reference.dropoutForward(x, .drop(0.5), mode: .test, using: &rng)   // identity
    /// ```
    public enum Mode: Sendable, Equatable {
        case train, test
    }
}

extension Reference {
    /// The one-hot rows of `labels`: 1 at `(i, labels[i])`, 0 elsewhere.
    static func oneHot<S: TensorScalar>(_ labels: [Int], classes: Int, op: String) -> Tensor<S> {
        var rows = [S](repeating: 0, count: labels.count * classes)
        for (i, label) in labels.enumerated() {
            precondition(label >= 0 && label < classes,
                         "\(op): label \(label) at row \(i) is outside 0..<\(classes)")
            rows[i * classes + label] = 1
        }
        return Tensor(rows, shape: [labels.count, classes])
    }
}

// Weight penalties in the three spellings the assignments use. Each returns the penalty and its
// gradient, to be added to the data loss and to the weight's gradient.

extension Reference {
    /// `lambda * sum(w^2)`, gradient `2 lambda w` (EECS 498-style nets, the SGD/Adam comparison).
    ///
    /// ```swift
    /// let (penalty, dw) = Reference.l2Penalty(w, lambda: 5e-3)
    /// ```
    public static func l2Penalty<S: TensorScalar>(_ w: Tensor<S>, lambda: S) -> (loss: S, dw: Tensor<S>) {
        (lambda * w.squared().sum().scalar, 2 * lambda * w)
    }

    /// `0.5 * reg * sum(w^2)`, gradient `reg * w` (CS231n-style nets: the 0.5 cancels the 2).
    ///
    /// ```swift
    /// let (penalty, dw) = Reference.halfL2Penalty(w, reg: 0.7)
    /// ```
    public static func halfL2Penalty<S: TensorScalar>(_ w: Tensor<S>, reg: S) -> (loss: S, dw: Tensor<S>) {
        (0.5 * reg * w.squared().sum().scalar, reg * w)
    }

    /// `lambda * sum(|w|)`, gradient `lambda * sign(w)` (0 where `w` is exactly 0).
    ///
    /// ```swift
    /// let (penalty, dw) = Reference.l1Penalty(w, lambda: 1e-4)
    /// ```
    public static func l1Penalty<S: TensorScalar>(_ w: Tensor<S>, lambda: S) -> (loss: S, dw: Tensor<S>) {
        (lambda * w.abs().sum().scalar, lambda * w.sign())
    }

    /// Which L2 spelling a network's `reg` means.
    ///
    /// ```swift
    /// let (penalty, dw) = Reference.L2Spelling.halfSumOfSquares.penalty(w, strength: 0.7)
    /// ```
    public enum L2Spelling: Sendable, Equatable {
        /// `reg * sum(w^2)`: `l2Penalty(w, lambda: reg)`.
        case sumOfSquares
        /// `0.5 * reg * sum(w^2)`: `halfL2Penalty(w, reg: reg)`.
        case halfSumOfSquares

        /// The penalty of `w` in this spelling, with `strength` as `reg`, and its gradient.
        ///
        /// ```swift
        /// let (penalty, dw) = Reference.L2Spelling.sumOfSquares.penalty(w, strength: 0.3)   // 0.3 * sum(w^2), 0.6 * w
        /// ```
        public func penalty<S: TensorScalar>(_ w: Tensor<S>, strength: S) -> (loss: S, dw: Tensor<S>) {
            switch self {
            case .sumOfSquares: Reference.l2Penalty(w, lambda: strength)
            case .halfSumOfSquares: Reference.halfL2Penalty(w, reg: strength)
            }
        }
    }
}

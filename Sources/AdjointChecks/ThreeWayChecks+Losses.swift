// Three-way checks of the losses and weight penalties: AdjointNN's loss functions against the
// reference's, each a scalar whose gradient is taken with respect to its input.
import AdjointNN

extension ThreeWayChecks {
    /// Softmax cross-entropy (mean and sum), the multiclass SVM loss, and the three penalties.
    ///
    /// ```swift
    /// let report = GradientReport.run(ThreeWayChecks.losses())   // 6 cases
    /// ```
    public static func losses() -> [ThreeWayCheck] {
        [softmaxCrossEntropy(.mean), softmaxCrossEntropy(.sum), svm(),
         penalty(.l1), penalty(.l2), penalty(.halfL2)]
    }

    /// Softmax cross-entropy of `(50, 10)` scores, averaged or summed over the batch.
    ///
    /// ```swift
    /// let check = ThreeWayChecks.softmaxCrossEntropy(.sum)   // "softmax cross-entropy sum"
    /// ```
    public static func softmaxCrossEntropy(_ reduction: Reduction) -> ThreeWayCheck {
        check(reduction != .none, "ThreeWayChecks.softmaxCrossEntropy: the reference loss is a mean or a sum, not .none")
        var rng = SeededGenerator(seed: 10)
        let x = Variable(Tensor<Double>.randn([50, 10], using: &rng))
        let y = (0..<50).map { _ in rng.nextInt(below: 10) }
        let sizeAverage = reduction == .mean
        return ThreeWayCheck("softmax cross-entropy \(sizeAverage ? "mean" : "sum")", threshold: layerThreshold,
                             tensors: [("x", x)], tape: { AdjointNN.softmaxCrossEntropy(x, labels: y, reduction: reduction) }) { v in
            let (loss, dx) = Reference.softmaxLoss(v["x"]!, y, sizeAverage: sizeAverage)
            return (Tensor(loss), { upstream in ["x": dx * upstream] })
        }
    }

    /// The multiclass SVM loss of `(50, 10)` scores of spread 0.5, so that many margins are
    /// active and many are not.
    ///
    /// ```swift
    /// let e = ThreeWayChecks.svm().evaluate()   // e.tapeOutput, e.referenceOutput: the scalar loss
    /// ```
    public static func svm() -> ThreeWayCheck {
        var rng = SeededGenerator(seed: 11)
        let x = Variable(0.5 * Tensor<Double>.randn([50, 10], using: &rng))
        let y = (0..<50).map { _ in rng.nextInt(below: 10) }
        return ThreeWayCheck("svm loss", threshold: layerThreshold, tensors: [("x", x)],
                             tape: { svmLoss(x, labels: y) }) { v in
            let (loss, dx) = Reference.svmLoss(v["x"]!, y)
            return (Tensor(loss), { upstream in ["x": dx * upstream] })
        }
    }

    /// The assignments' three weight penalties.
    ///
    /// ```swift
    /// let check = ThreeWayChecks.penalty(.halfL2)   // "l2 penalty 0.5 0.7 sum(w^2)"
    /// ```
    public enum Penalty: Sendable {
        /// `0.2 * sum(|w|)`.
        case l1
        /// `0.3 * sum(w^2)`.
        case l2
        /// `0.5 * 0.7 * sum(w^2)`.
        case halfL2
    }

    /// A penalty of a `(6, 7)` weight matrix.
    ///
    /// ```swift
    /// let rows = ThreeWayChecks.penalty(.l1).run()   // rows "... loss" and "... w"
    /// ```
    public static func penalty(_ kind: Penalty) -> ThreeWayCheck {
        var rng = SeededGenerator(seed: 12)
        let w = Variable(Tensor<Double>.randn([6, 7], using: &rng))
        let name: String
        let tape: () -> Variable<Double>
        let reference: (Tensor<Double>) -> (loss: Double, dw: Tensor<Double>)
        switch kind {
        case .l1:
            name = "l1 penalty 0.2 sum|w|"
            (tape, reference) = ({ l1Penalty(w, lambda: 0.2) }, { Reference.l1Penalty($0, lambda: 0.2) })
        case .l2:
            name = "l2 penalty 0.3 sum(w^2)"
            (tape, reference) = ({ l2Penalty(w, lambda: 0.3) }, { Reference.l2Penalty($0, lambda: 0.3) })
        case .halfL2:
            name = "l2 penalty 0.5 0.7 sum(w^2)"
            (tape, reference) = ({ halfL2Penalty(w, reg: 0.7) }, { Reference.halfL2Penalty($0, reg: 0.7) })
        }
        return ThreeWayCheck(name, threshold: layerThreshold, tensors: [("w", w)], tape: tape) { v in
            let (loss, dw) = reference(v["w"]!)
            return (Tensor(loss), { upstream in ["w": dw * upstream] })
        }
    }
}

// Softmax cross-entropy per row, before any reduction: one fused node whose forward and
// backward each take one pass over the scores, or inside `Fusion.with(false)` the composition
// of `logSoftmax` and `gathering`.

extension Variable {
    /// The cross-entropy of each row's softmax (the last axis) against its label, unreduced:
    /// `−(1 − e) log p[label] − e mean(log p)`, `p = softmax(row)`, of the shape without the
    /// last axis; `labels` has one class index per row, in row-major order. The losses'
    /// `softmaxCrossEntropy` reduces it.
    ///
    /// ```swift
    /// let scores = Variable(Tensor<Float>([2, 0, 0, 1, 3, 0], shape: [2, 3]))
    /// let perRow = scores.softmaxCrossEntropy(labels: [0, 1], labelSmoothing: 0.1)   // shape [2]
    /// ```
    public func softmaxCrossEntropy(labels: [Int], labelSmoothing: Scalar, file: StaticString = #fileID,
                                    line: UInt = #line) -> Variable {
        let classes = shape.last ?? 0, rows = value.count / Swift.max(classes, 1)
        checkClassIndices(labels, rows: rows, classes: classes, op: "softmaxCrossEntropy", shape: shape)
        guard Fusion.isEnabled else {
            let logProbabilities = logSoftmax(alongAxis: -1)
            let picked = logProbabilities.gathering(labels)
            return labelSmoothing == 0 ? -picked
                : -picked * (1 - labelSmoothing) - logProbabilities.mean(alongAxes: [-1]) * labelSmoothing
        }
        let loss = Tensor<Scalar>(uninitializedShape: Array(shape.dropLast()))
        let logSumExp = Tensor<Scalar>(uninitializedShape: [rows])
        labels.withUnsafeBufferPointer { labelPointer in
            withElements([value, loss, logSumExp]) {
                softmaxCrossEntropyForward($0[0], labels: labelPointer.baseAddress!, rows: rows, classes: classes,
                                           smoothing: labelSmoothing, loss: $0[1], logSumExp: $0[2])
            }
        }
        return Variable.record(.softmaxCrossEntropy, loss, self, reads: .first, at: CodeLocation(fileID: file, line: line)) { out, g in
            let x = out.inputs[0]
            if GradMode.isEnabled {
                var target = Tensor<Scalar>(repeating: labelSmoothing / Scalar(classes), shape: [rows, classes])
                target.withUnsafeMutableBufferPointer { t in
                    for (r, label) in labels.enumerated() { t[r * classes + label] += 1 - labelSmoothing }
                }
                let p = x.reshaped([rows, classes]).softmax(alongAxis: -1)
                return Gradients(((p - target) * g.reshaped([rows, 1])).reshaped(x.shape))
            }
            let dx = Tensor<Scalar>(uninitializedShape: x.shape)
            labels.withUnsafeBufferPointer { labelPointer in
                withElements([g.value, x.value, logSumExp, dx]) {
                    softmaxCrossEntropyBackward($0[0], $0[1], labels: labelPointer.baseAddress!, rows: rows, classes: classes,
                                                smoothing: labelSmoothing, logSumExp: $0[2], $0[3])
                }
            }
            return Gradients(Variable(constant: dx))
        }
    }
}

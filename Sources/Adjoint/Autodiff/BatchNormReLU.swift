// Batch norm followed by ReLU (a convolution's or a hidden layer's normalisation and
// activation) as one fused node: the ReLU taken in the normalisation's pass forward and in the
// gradient's two passes backward, instead of a pass of its own each way. Its values and
// gradients are the bits of the fused batch norm then `relu()`.

extension Variable {
    /// `batchNorm(gamma:beta:epsilon:)` then `relu()`: one fused node (`batchNormReLU`; inside
    /// `Fusion.with(false)`, the composition of batch norm's and ReLU's primitives), with the
    /// same bits as the fused batch norm followed by `relu()`. Returns the output and the
    /// batch's statistics, as `batchNorm(gamma:beta:epsilon:)`.
    ///
    /// ```swift
    /// let x = Variable(Tensor<Float>.ones([8, 5, 5, 4]))
    /// let gamma = Variable(Tensor<Float>.ones([4])), beta = Variable(Tensor<Float>.zeros([4]))
    /// let (y, mean, variance) = x.batchNormReLU(gamma: gamma, beta: beta, epsilon: 1e-5)   // y: (8, 5, 5, 4)
    /// ```
    public func batchNormReLU(gamma: Variable, beta: Variable, epsilon: Scalar, file: StaticString = #fileID,
                              line: UInt = #line) -> (output: Variable, mean: Tensor<Scalar>, variance: Tensor<Scalar>) {
        _ = checkedFeatures("batchNormReLU", gamma: gamma, beta: beta)
        guard Fusion.isEnabled else {
            let (y, mean, variance) = batchNorm(gamma: gamma, beta: beta, epsilon: epsilon, file: file, line: line)
            return (y.relu(file: file, line: line), mean, variance)
        }
        return fusedBatchNorm(gamma: gamma, beta: beta, epsilon: epsilon, relu: true, at: CodeLocation(fileID: file, line: line))
    }
}

// Batch norm and layer norm: one fused node each, whose forward and backward are the kernels
// of NormalizationKernels.swift, or inside `Fusion.with(false)` their compositions of primitives.
// A fused pullback runs its kernel when the backward pass is not recorded, and otherwise the
// same derivative written with `Variable` operations, so it differentiates again.

extension Variable {
    /// Batch normalisation with the batch's statistics: each feature of the last axis (size
    /// `gamma.shape[0]`) normalised by its mean and biased variance over every other axis,
    /// then scaled by `gamma` and shifted by `beta`. Returns the output and the statistics
    /// (shape `[features]`), for running averages. `BatchNorm`'s training forward.
    ///
    /// ```swift
    /// let x = Variable(Tensor<Float>.ones([8, 5, 5, 4]))
    /// let gamma = Variable(Tensor<Float>.ones([4])), beta = Variable(Tensor<Float>.zeros([4]))
    /// let (y, mean, variance) = x.batchNorm(gamma: gamma, beta: beta, epsilon: 1e-5)   // y: (8, 5, 5, 4)
    /// ```
    public func batchNorm(gamma: Variable, beta: Variable, epsilon: Scalar, file: StaticString = #fileID,
                          line: UInt = #line) -> (output: Variable, mean: Tensor<Scalar>, variance: Tensor<Scalar>) {
        let features = checkedFeatures("batchNorm", gamma: gamma, beta: beta)
        guard Fusion.isEnabled else {
            // A 2-D input already is the rows; a reshape there would only add a node to the tape.
            let rows = shape.count > 2 ? reshaped([-1, features]) : self
            let mean = rows.mean(alongAxes: [0], keepingDimensions: true)
            let centered = rows - mean
            let variance = (centered * centered).mean(alongAxes: [0], keepingDimensions: true)
            let y = centered / (variance + epsilon).sqrt() * gamma + beta
            return (shape.count > 2 ? y.reshaped(shape) : y, mean.value.reshaped([-1]), variance.value.reshaped([-1]))
        }
        return fusedBatchNorm(gamma: gamma, beta: beta, epsilon: epsilon, relu: false, at: CodeLocation(fileID: file, line: line))
    }

    /// Batch norm's fused node (`batchNorm`), or with `relu` the node of batch norm then ReLU
    /// (`batchNormReLU`), whose forward and backward take the ReLU in the same passes.
    func fusedBatchNorm(gamma: Variable, beta: Variable, epsilon: Scalar, relu: Bool,
                        at call: CodeLocation) -> (output: Variable, mean: Tensor<Scalar>, variance: Tensor<Scalar>) {
        let features = gamma.shape[0], rows = value.count / Swift.max(features, 1)
        check(rows > 0, "batchNorm: input of shape \(describe(shape)) has no rows to take statistics over")
        let mean = Tensor<Scalar>(uninitializedShape: [features]), variance = Tensor<Scalar>(uninitializedShape: [features])
        withElements([value, mean, variance]) { columnMoments($0[0], rows: rows, columns: features, mean: $0[1], variance: $0[2]) }
        let inverseDeviation = 1 / (variance + epsilon).sqrt()
        let output = Tensor<Scalar>(uninitializedShape: shape)
        withElements([value, mean, inverseDeviation * gamma.value, beta.value, output]) {
            normalizeColumns($0[0], rows: rows, columns: features, shift: $0[1], scale: $0[2], offset: $0[3], relu: relu, $0[4])
        }
        // With the ReLU, the backward reads its output for the mask, as `maximum` does.
        let y = Variable.record(relu ? .batchNormReLU : .batchNorm, output, NodeList(contentsOf: [self, gamma, beta]),
                                reads: relu ? [.first, .second, .output] : [.first, .second], at: call) { out, g in
            let (x, gamma, beta) = (out.inputs[0], out.inputs[1], out.inputs[2])
            if GradMode.isEnabled {
                // ReLU's derivative as `maximum` records it, then batch norm's.
                let g = relu ? g * (out.value .> 0) : g
                let xRows = x.reshaped([-1, features]), centered = xRows - xRows.mean(alongAxes: [0], keepingDimensions: true)
                let deviation = ((centered * centered).mean(alongAxes: [0], keepingDimensions: true) + epsilon).sqrt()
                let (xhat, gRows) = (centered / deviation, g.reshaped([-1, features]))
                let d = gRows * gamma
                let dx = (d - d.mean(alongAxes: [0], keepingDimensions: true)
                          - xhat * (d * xhat).mean(alongAxes: [0], keepingDimensions: true)) / deviation
                return Gradients(contentsOf: [x.needing(dx.reshaped(x.shape)), gamma.needing((gRows * xhat).sum(alongAxes: [0])),
                                              beta.needing(gRows.sum(alongAxes: [0]))])
            }
            let gate: Tensor<Scalar>? = relu ? out.value : nil
            let (sumG, sumGX) = (Tensor<Scalar>(uninitializedShape: [features]), Tensor<Scalar>(uninitializedShape: [features]))
            withElements([g.value, x.value, mean, sumG, sumGX] + (gate.map { [$0] } ?? [])) {
                columnGradientSums($0[0], $0[1], rows: rows, columns: features, mean: $0[2], gate: $0.count > 5 ? $0[5] : nil,
                                   sumG: $0[3], sumGX: $0[4])
            }
            let dx = x.needing(Variable(constant: {
                let dx = Tensor<Scalar>(uninitializedShape: x.shape)
                withElements([g.value, x.value, mean, inverseDeviation, gamma.value, sumG, sumGX, dx] + (gate.map { [$0] } ?? [])) {
                    columnNormalizationInputGradient($0[0], $0[1], rows: rows, columns: features, mean: $0[2],
                                                     inverseDeviation: $0[3], gamma: $0[4], sumG: $0[5], sumGX: $0[6],
                                                     gate: $0.count > 8 ? $0[8] : nil, $0[7])
                }
                return dx
            }()))
            return Gradients(contentsOf: [dx, gamma.needing(Variable(constant: sumGX * inverseDeviation)),
                                          beta.needing(Variable(constant: sumG))])
        }
        return (y, mean, variance)
    }

    /// Batch normalisation with given statistics, `BatchNorm`'s evaluation forward: each
    /// feature of the last axis is `(x - runningMean) / sqrt(runningVariance + epsilon)`,
    /// scaled by `gamma` and shifted by `beta`.
    ///
    /// ```swift
    /// let x = Variable(Tensor<Float>.ones([8, 4]))
    /// let gamma = Variable(Tensor<Float>.ones([4])), beta = Variable(Tensor<Float>.zeros([4]))
    /// let y = x.batchNorm(gamma: gamma, beta: beta, runningMean: .zeros([4]), runningVariance: .ones([4]), epsilon: 1e-5)
    /// ```
    public func batchNorm(gamma: Variable, beta: Variable, runningMean: Tensor<Scalar>, runningVariance: Tensor<Scalar>,
                          epsilon: Scalar, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let features = checkedFeatures("batchNorm", gamma: gamma, beta: beta)
        check(runningMean.shape == [features] && runningVariance.shape == [features],
              "batchNorm: running statistics of shapes \(describe(runningMean.shape)) and \(describe(runningVariance.shape)) for \(features) features")
        guard Fusion.isEnabled else {
            guard shape.count > 2 else { return (self - runningMean) / (runningVariance + epsilon).sqrt() * gamma + beta }
            let rows = reshaped([-1, features])
            return ((rows - runningMean) / (runningVariance + epsilon).sqrt() * gamma + beta).reshaped(shape)
        }
        let inverseDeviation = 1 / (runningVariance + epsilon).sqrt()
        let output = Tensor<Scalar>(uninitializedShape: shape)
        withElements([value, runningMean, inverseDeviation * gamma.value, beta.value, output]) {
            normalizeColumns($0[0], rows: value.count / Swift.max(features, 1), columns: features, shift: $0[1], scale: $0[2], offset: $0[3], $0[4])
        }
        return Variable.record(.batchNormEvaluation, output, NodeList(contentsOf: [self, gamma, beta]), reads: [.first, .second],
                               at: CodeLocation(fileID: file, line: line)) { out, g in
            let (x, gamma, beta) = (out.inputs[0], out.inputs[1], out.inputs[2])
            let gRows = g.reshaped([-1, features])
            let xhat = (x.reshaped([-1, features]) - runningMean) * inverseDeviation
            return Gradients(contentsOf: [x.needing((gRows * (gamma * inverseDeviation)).reshaped(x.shape)),
                                          gamma.needing((gRows * xhat).sum(alongAxes: [0])), beta.needing(gRows.sum(alongAxes: [0]))])
        }
    }

    /// Layer normalisation over the trailing axes of `gamma`'s shape, as PyTorch's
    /// `layer_norm`: each sample minus its mean, divided by `sqrt(variance + epsilon)` (biased
    /// variance), then scaled by `gamma` and shifted by `beta`, both of that shape.
    ///
    /// ```swift
    /// let x = Variable(Tensor<Float>.ones([2, 16, 64]))
    /// let gamma = Variable(Tensor<Float>.ones([64])), beta = Variable(Tensor<Float>.zeros([64]))
    /// let y = x.layerNorm(gamma: gamma, beta: beta, epsilon: 1e-5)   // (2, 16, 64), each token normalised
    /// ```
    public func layerNorm(gamma: Variable, beta: Variable, epsilon: Scalar, file: StaticString = #fileID,
                          line: UInt = #line) -> Variable {
        let normalizedShape = gamma.shape
        check(beta.shape == normalizedShape && shape.count > normalizedShape.count
              && Array(shape.suffix(normalizedShape.count)) == normalizedShape,
              "layerNorm: input of shape \(describe(shape)) does not end in gamma's shape \(describe(normalizedShape)) (beta \(describe(beta.shape)))")
        guard Fusion.isEnabled else {
            let axes = Array((shape.count - normalizedShape.count)..<shape.count)
            let centered = self - mean(alongAxes: axes, keepingDimensions: true)
            let variance = (centered * centered).mean(alongAxes: axes, keepingDimensions: true)
            return centered / (variance + epsilon).sqrt() * gamma + beta
        }
        let columns = gamma.value.count, rows = value.count / Swift.max(columns, 1)
        let output = Tensor<Scalar>(uninitializedShape: shape)
        let mean = Tensor<Scalar>(uninitializedShape: [rows]), inverseDeviation = Tensor<Scalar>(uninitializedShape: [rows])
        withElements([value, gamma.value, beta.value, output, mean, inverseDeviation]) {
            layerNormalizeRows($0[0], rows: rows, columns: columns, epsilon: epsilon, gamma: $0[1], beta: $0[2], $0[3],
                               mean: $0[4], inverseDeviation: $0[5])
        }
        return Variable.record(.layerNorm, output, NodeList(contentsOf: [self, gamma, beta]), reads: [.first, .second],
                               at: CodeLocation(fileID: file, line: line)) { out, g in
            let (x, gamma, beta) = (out.inputs[0], out.inputs[1], out.inputs[2])
            if GradMode.isEnabled {
                let xRows = x.reshaped([-1, columns]), gRows = g.reshaped([-1, columns])
                let centered = xRows - xRows.mean(alongAxes: [1], keepingDimensions: true)
                let deviation = ((centered * centered).mean(alongAxes: [1], keepingDimensions: true) + epsilon).sqrt()
                let xhat = centered / deviation, d = gRows * gamma.reshaped([columns])
                let dx = (d - d.mean(alongAxes: [1], keepingDimensions: true)
                          - xhat * (d * xhat).mean(alongAxes: [1], keepingDimensions: true)) / deviation
                return Gradients(contentsOf: [x.needing(dx.reshaped(x.shape)),
                                              gamma.needing((gRows * xhat).sum(alongAxes: [0]).reshaped(gamma.shape)),
                                              beta.needing(gRows.sum(alongAxes: [0]).reshaped(beta.shape))])
            }
            let dx = x.requiresGrad ? Tensor<Scalar>(uninitializedShape: x.shape) : nil
            let dgamma = Tensor<Scalar>(uninitializedShape: gamma.shape), dbeta = Tensor<Scalar>(uninitializedShape: beta.shape)
            withElements([g.value, x.value, mean, inverseDeviation, gamma.value, dgamma, dbeta] + (dx.map { [$0] } ?? [])) {
                layerNormalizationBackward($0[0], $0[1], rows: rows, columns: columns, mean: $0[2], inverseDeviation: $0[3],
                                           gamma: $0[4], dx: $0.count > 7 ? $0[7] : nil, dgamma: $0[5], dbeta: $0[6])
            }
            return Gradients(contentsOf: [dx.map { Variable(constant: $0) }, gamma.needing(Variable(constant: dgamma)),
                                          beta.needing(Variable(constant: dbeta))])
        }
    }

    /// The feature count of batch norm's `gamma`, checked against this input and `beta`.
    func checkedFeatures(_ op: String, gamma: Variable, beta: Variable) -> Int {
        check(gamma.shape.count == 1 && beta.shape == gamma.shape,
              "\(op): gamma of shape \(describe(gamma.shape)) and beta of shape \(describe(beta.shape)) are not one feature axis")
        check(shape.count >= 2 && shape.last == gamma.shape[0],
              "\(op): input of shape \(describe(shape)) does not have \(gamma.shape[0]) features on its last axis")
        return gamma.shape[0]
    }
}

/// Runs `body` with the element addresses of `tensors`, in order. A kernel writes only through
/// those of tensors it just created (`Tensor(uninitializedShape:)`), which nothing else holds.
func withElements<S: TensorScalar, R>(_ tensors: [Tensor<S>], _ body: ([UnsafeMutablePointer<S>]) -> R) -> R {
    var addresses: [UnsafeMutablePointer<S>] = []
    func nest(_ i: Int) -> R {
        guard i < tensors.count else { return body(addresses) }
        return tensors[i].storage.withUnsafeMutablePointerToElements { address in
            addresses.append(address)
            return nest(i + 1)
        }
    }
    return nest(0)
}

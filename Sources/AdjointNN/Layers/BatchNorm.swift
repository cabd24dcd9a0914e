/// Batch normalisation over the features of `(N, D)` inputs.
///
/// Training: normalise with the batch mean and biased variance, then scale by `gamma` and
/// shift by `beta`; update `running = momentum * running + (1 - momentum) * batch` (running
/// statistics start at 0, as in the assignments). Evaluation: normalise with the running
/// statistics. The backward pass comes from the primitives.
///
/// ```swift
/// let bn = BatchNorm<Float>(500, number: 1)     // gamma1, beta1, running_mean1, running_var1
/// let bn2 = BatchNorm<Float>(500, name: "bn")   // bn_gamma, bn_beta, bn_running_mean, bn_running_var
/// ```
public final class BatchNorm<Scalar: TensorScalar>: Module<Scalar> {
    public let gamma: Variable<Scalar>
    public let beta: Variable<Scalar>
    public let momentum: Scalar
    public let epsilon: Scalar

    public init(_ features: Int, gammaName: String, betaName: String, runningMeanName: String,
                runningVarianceName: String, momentum: Scalar = 0.9, epsilon: Scalar = 1e-5) {
        check(features > 0, "BatchNorm: feature count must be positive, got \(features)")
        gamma = Variable(Tensor.ones([features]))
        beta = Variable(Tensor.zeros([features]))
        self.momentum = momentum
        self.epsilon = epsilon
        super.init()
        addParameter(gammaName, gamma)
        addParameter(betaName, beta)
        ownBuffers = [(runningMeanName, .zeros([features])), (runningVarianceName, .zeros([features]))]
    }

    /// The numbered nets' names: `gamma1`, `beta1`, `running_mean1`, `running_var1`.
    public convenience init(_ features: Int, number: Int, momentum: Scalar = 0.9, epsilon: Scalar = 1e-5) {
        self.init(features, gammaName: "gamma\(number)", betaName: "beta\(number)", runningMeanName: "running_mean\(number)",
                  runningVarianceName: "running_var\(number)", momentum: momentum, epsilon: epsilon)
    }

    /// Layer-named parameters: `<name>_gamma`, `<name>_beta`, `<name>_running_mean`, `<name>_running_var`.
    public convenience init(_ features: Int, name: String, momentum: Scalar = 0.9, epsilon: Scalar = 1e-5) {
        self.init(features, gammaName: "\(name)_gamma", betaName: "\(name)_beta", runningMeanName: "\(name)_running_mean",
                  runningVarianceName: "\(name)_running_var", momentum: momentum, epsilon: epsilon)
    }

    public var runningMean: Tensor<Scalar> { ownBuffers[0].tensor }
    public var runningVariance: Tensor<Scalar> { ownBuffers[1].tensor }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        check(x.shape.count == 2 && x.shape[1] == gamma.shape[0],
              "BatchNorm: input of shape \(x.shape) does not have \(gamma.shape[0]) features")
        let normalized: Variable<Scalar>
        if isTraining {
            let mean = x.mean(alongAxes: [0], keepingDimensions: true)
            let centered = x - mean
            let variance = (centered * centered).mean(alongAxes: [0], keepingDimensions: true)
            normalized = centered / (variance + epsilon).sqrt()
            ownBuffers[0].tensor = runningMean * momentum + mean.value.reshaped([-1]) * (1 - momentum)
            ownBuffers[1].tensor = runningVariance * momentum + variance.value.reshaped([-1]) * (1 - momentum)
        } else {
            normalized = (x - runningMean) / (runningVariance + epsilon).sqrt()
        }
        return normalized * gamma + beta
    }
}

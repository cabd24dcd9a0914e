/// Half a cosine from the base rate down to `etaMin` over `tMax` steps, then back up (PyTorch's
/// `CosineAnnealingLR`). Each step computes the rate from the current one with PyTorch's
/// recursive form (what its `step()` computes), not the closed form
/// `etaMin + (base - etaMin)(1 + cos(pi t / tMax)) / 2`, so it chains with other schedulers as
/// in PyTorch; without them the two agree to rounding.
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
/// let schedule = CosineAnnealingLR(optimizer: opt, tMax: 100, etaMin: 1e-4)
/// ```
public final class CosineAnnealingLR<Scalar: TensorScalar>: LearningRateScheduler<Scalar> {
    /// The steps from the base rate to `etaMin` (half a period).
    public let tMax: Int
    /// The lowest rate.
    public let etaMin: Double

    /// A schedule of `optimizer` annealing to `etaMin` over `tMax` steps.
    public init(optimizer: Optimizer<Scalar>, tMax: Int, etaMin: Double = 0) {
        check(tMax > 0, "CosineAnnealingLR: tMax must be positive, got \(tMax)")
        (self.tMax, self.etaMin) = (tMax, etaMin)
        super.init(optimizer: optimizer)
    }

    override public func rates(current: [Double]) -> [Double] {
        let (t, period) = (Double(stepCount), Double(tMax))
        // At the bottom of each period the ratio below is 0/0; PyTorch climbs by a fixed amount.
        if (stepCount - 1 - tMax) % (2 * tMax) == 0 {
            return zip(current, baseRates).map { $0 + ($1 - etaMin) * (1 - cosine(Double.pi / period)) / 2 }
        }
        let ratio = (1 + cosine(Double.pi * t / period)) / (1 + cosine(Double.pi * (t - 1) / period))
        return current.map { ratio * ($0 - etaMin) + etaMin }
    }
}

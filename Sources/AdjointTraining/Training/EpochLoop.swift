/// The run every trainer shares, whatever its batches: epochs of steps (forward, loss,
/// backward, the gradient hook, the optimiser step), the schedule, the divergence and
/// finite-value checks and the callbacks. `Trainer` and `SupervisedTrainer` conform and add
/// their data, their evaluation and their state.
protocol EpochLoop: AnyObject {
    associatedtype Scalar: TensorScalar
    associatedtype History
    var model: Module<Scalar> { get }
    var optimizer: Optimizer<Scalar> { get }
    var configuration: Trainer<Scalar>.Configuration { get }
    var callbacks: TrainingCallbacks<Scalar, History> { get }
    var detectAnomalies: Bool { get }
    var rate: ScheduledRate<Scalar> { get }
    var epoch: Int { get }
    var iteration: Int { get }
    var history: History { get }
    /// The loss of every step so far.
    var stepLosses: [Double] { get }
    /// Counts a step taken with `loss` at `learningRate`.
    func recordStep(loss: Double, learningRate: Double)
    /// Counts an epoch whose steps have all been taken.
    func recordEpochEnd()
}

extension EpochLoop {
    /// Runs until `epochs` more epochs have ended, continuing an epoch stopped midway at its
    /// next batch. `batches(epoch)` gives an epoch's `batchCount` batches; `loss(position,
    /// batch)` prepares a batch and returns what computes its loss inside the step; `evaluate`
    /// scores each ended epoch and returns the metric a plateau schedule steps on. Returns
    /// false when `callbacks.shouldStop` stopped it first.
    func runEpochs<Batches: Sequence>(_ epochs: Int, batchCount: Int, batches: (Int) -> Batches,
                                      loss: (Int, Batches.Element) -> () -> Variable<Scalar>,
                                      evaluate: () -> Double) throws(TrainingError) -> Bool {
        let parameters = optimizer.parameters
        rate.scaleWeightDecay()
        for _ in 0..<epochs {
            model.train()
            // Steps already taken in this epoch (a run stopped midway) are skipped, so the epoch
            // continues with the batch it would have had next.
            let done = iteration - epoch * batchCount
            check(done >= 0 && done < batchCount,
                  "\(Self.self).fit: \(iteration) iterations do not fit \(epoch) epochs of \(batchCount) batches; was the batch size or the data changed?")
            for (b, batch) in batches(epoch).enumerated().dropFirst(done) {
                try step(loss(b, batch), parameters: parameters, position: b)
                try checkDivergence(batchCount: batchCount, position: b)
                rate.follow(afterIteration: iteration, endsEpoch: b == batchCount - 1)
                callbacks.onStep?(iteration, stepLosses.last!)
                if b < batchCount - 1, callbacks.shouldStop?() == true { return false }
            }
            recordEpochEnd()
            try checkFiniteModel()
            do {
                try callbacks.atEpochEnd?()
            } catch {
                throw .epochEnd(epoch: epoch, description: "\(error)")
            }
            rate.followEvaluation(metric: evaluate())
            callbacks.onEpoch?(epoch, history)
            if callbacks.shouldStop?() == true { return false }
        }
        return true
    }

    /// Throws when a best model state (from a saved trainer state) has a path the model lacks
    /// or a tensor of another shape.
    func checkFits(bestModelState: [String: Tensor<Scalar>]) throws(NNError) {
        let current = model.state
        for (path, tensor) in bestModelState.sorted(by: { $0.key < $1.key }) {
            guard let shape = current[path]?.shape else {
                throw .unknownParameter("best/" + path, available: current.keys.sorted())
            }
            guard shape == tensor.shape else { throw .shapeMismatch("best/" + path, expected: shape, got: tensor.shape) }
        }
    }

    /// Throws `.nonFiniteState` when a parameter or a buffer (batch norm's running statistics)
    /// holds NaN or infinity, which finite losses and gradients do not rule out.
    func checkFiniteModel() throws(TrainingError) {
        for (path, tensor) in model.state.sorted(by: { $0.key < $1.key }) where !tensor.sum().scalar.isFinite {
            throw .nonFiniteState(epoch: epoch, iteration: iteration, name: path)
        }
    }

    /// One optimiser step on the loss `batchLoss` computes, the `position`-th (0-based) of its
    /// epoch, checked for anomalies when asked.
    private func step(_ batchLoss: () -> Variable<Scalar>, parameters: [Variable<Scalar>], position: Int) throws(TrainingError) {
        guard detectAnomalies else { return try uncheckedStep(batchLoss, parameters: parameters, position: position) }
        do {
            try withAnomalyDetection { try uncheckedStep(batchLoss, parameters: parameters, position: position) }
        } catch let anomaly as AnomalyError {
            throw .anomaly(epoch: epoch + 1, step: position + 1, iteration: iteration + 1, description: anomaly.description)
        } catch {
            throw error as! TrainingError
        }
    }

    private func uncheckedStep(_ batchLoss: () -> Variable<Scalar>, parameters: [Variable<Scalar>], position: Int) throws(TrainingError) {
        let batchLoss = batchLoss()
        let value = Double(batchLoss.value.scalar)
        guard value.isFinite else {
            throw .nonFiniteLoss(epoch: epoch + 1, step: position + 1, iteration: iteration + 1, value: value)
        }
        for p in parameters { p.zeroGrad() }
        batchLoss.backward()
        callbacks.afterBackward?(parameters)
        // One sum per gradient: NaN and infinities survive it (inf - inf is NaN), so a finite
        // sum means every entry is finite.
        for (i, p) in parameters.enumerated() {
            if let grad = p.grad, !grad.sum().scalar.isFinite {
                let path = model.namedParameters.first { $0.variable === p }?.path ?? "parameter \(i)"
                throw .nonFiniteGradient(epoch: epoch + 1, step: position + 1, iteration: iteration + 1, parameter: path)
            }
        }
        optimizer.step()
        recordStep(loss: value, learningRate: Double(optimizer.learningRate))
    }

    /// Throws `.diverged` when the last step's loss passed `divergenceFactor` times the first
    /// epoch's mean: a loss can grow without bound and stay finite.
    private func checkDivergence(batchCount: Int, position: Int) throws(TrainingError) {
        let losses = stepLosses
        guard let factor = configuration.divergenceFactor, iteration > batchCount,
              losses.count >= batchCount, let last = losses.last else { return }
        let first = losses.prefix(batchCount).reduce(0, +) / Double(batchCount)
        if last > factor * first {
            throw .diverged(epoch: epoch + 1, step: position + 1, iteration: iteration, loss: last,
                            firstEpochLoss: first, factor: factor)
        }
    }
}

import Foundation
import Testing
@testable import AdjointTraining

// SupervisedTrainer on tensor, label and label-sequence targets: it fits a linear regression
// to its least-squares solution, records the metrics a direct computation gives, resumes from
// its state bit for bit, and trains a per-token classifier on (N, T) labels.

@Suite struct SupervisedTraining {
    /// `y = x w + 0.5 + noise` with x `(count, 3)` standard normal and noise of std 0.1.
    static func linearData(count: Int, seed: UInt64) -> TensorDataset<Tensor<Double>, Tensor<Double>> {
        var rng = SeededGenerator(seed: seed)
        let x = Tensor<Double>.randn([count, 3], using: &rng)
        let noise = Tensor<Double>.randn([count, 1], std: 0.1, using: &rng)
        return TensorDataset(inputs: x, targets: x.matmul(Tensor([2, -1, 0.5], shape: [3, 1])) + 0.5 + noise)
    }

    /// The least-squares weights `(w, b)` of `y ~ x w + b`, from the normal equations.
    static func leastSquares(_ data: TensorDataset<Tensor<Double>, Tensor<Double>>) -> [Double] {
        let n = data.count, x = data.inputs.scalars, y = data.targets.scalars
        let rows = (0..<n).map { Array(x[3 * $0 ..< 3 * $0 + 3]) + [1] }
        var a = (0..<4).map { i in (0..<4).map { j in rows.reduce(0) { $0 + $1[i] * $1[j] } } }
        var v = (0..<4).map { i in zip(rows, y).reduce(0) { $0 + $1.0[i] * $1.1 } }
        for k in 0..<4 {   // Gaussian elimination; the matrix is positive definite
            for i in (k + 1)..<4 {
                let f = a[i][k] / a[k][k]
                for j in k..<4 { a[i][j] -= f * a[k][j] }
                v[i] -= f * v[k]
            }
        }
        var w = [Double](repeating: 0, count: 4)
        for i in stride(from: 3, through: 0, by: -1) {
            w[i] = (v[i] - ((i + 1)..<4).reduce(0) { $0 + a[i][$1] * w[$1] }) / a[i][i]
        }
        return w
    }

    static func mseLoss(_ output: Variable<Double>, _ targets: Tensor<Double>) -> Variable<Double> {
        mse(output, Variable(constant: targets))
    }

    @Test func fitsALinearRegressionToItsLeastSquaresSolution() throws {
        let train = Self.linearData(count: 200, seed: 1), validation = Self.linearData(count: 50, seed: 2)
        var rng = SeededGenerator(seed: 3)
        let model = Linear<Double>(3, 1, rng: &rng)
        let trainer = SupervisedTrainer(model: model, optimizer: SGD(model.parameters, learningRate: 0.1), loss: Self.mseLoss,
                                        configuration: .init(batchSize: 20, schedule: .perEpoch(0.9), restoreBest: false, seed: 4))
        let before = trainer.evaluate(train).loss
        try trainer.fit(epochs: 30, train: train, validation: validation)
        let solution = Self.leastSquares(train)
        let fitted = model.weight.value.scalars + model.bias.value.scalars
        let optimum = Self.mseLoss(Variable(constant: train.inputs.matmul(Tensor(Array(solution[0..<3]), shape: [3, 1])) + solution[3]),
                                   train.targets).value.scalar
        let after = trainer.evaluate(train).loss
        print("regression: mse \(before) -> \(after), least squares \(optimum); weights \(fitted) vs \(solution)")
        #expect(before > 1)
        #expect(optimum > 0.005 && optimum < 0.015)
        #expect(after < optimum * 1.001)
        for (w, s) in zip(fitted, solution) { #expect(abs(w - s) < 2e-3) }
        #expect(trainer.history.trainLoss.count == 30 && trainer.history.validationLoss.count == 30)
        #expect(trainer.history.loss.count == 300 && trainer.iteration == 300 && trainer.epoch == 30)
        #expect(trainer.history.validationLoss.last! < 0.03)
        #expect(abs(trainer.history.learningRate.last! - 0.1 * pow(0.9, 29)) < 1e-12)
    }

    @Test func metricsMatchADirectComputation() throws {
        let train = Self.linearData(count: 120, seed: 5), validation = Self.linearData(count: 45, seed: 6)
        var rng = SeededGenerator(seed: 7)
        let model = Sequential<Double>([Linear(3, 8, rng: &rng), Sigmoid(), Linear(8, 1, rng: &rng)])
        let trainer = SupervisedTrainer(model: model, optimizer: Adam(model.parameters, learningRate: 0.01), loss: Self.mseLoss,
                                        metrics: ["mae": { Double(l1($0, Variable(constant: $1)).value.scalar) },
                                                  "max error": { Double(($0.value - $1).abs().max().scalar) }],
                                        configuration: .init(batchSize: 20, restoreBest: false))
        try trainer.fit(epochs: 3, train: train, validation: validation)
        // Batches of 20, 20 and 5: each weighted by its samples, so the means are over all 45.
        let output = model(Variable(constant: validation.inputs)).value
        let errors = (output - validation.targets).scalars
        let mae = errors.reduce(0) { $0 + abs($1) } / 45, squared = errors.reduce(0) { $0 + $1 * $1 } / 45
        let history = trainer.history
        #expect(abs(history.validationMetrics["mae"]!.last! - mae) < 1e-12)
        #expect(abs(history.validationLoss.last! - squared) < 1e-12)
        #expect(history.validationMetrics["mae"]!.count == 3)
        // A metric that is not a per-sample mean is averaged over batches all the same.
        let perBatchMax = [0..<20, 20..<40, 40..<45].map { r in errors[r].map(abs).max()! }
        #expect(abs(history.validationMetrics["max error"]!.last! - (20 * perBatchMax[0] + 20 * perBatchMax[1] + 5 * perBatchMax[2]) / 45) < 1e-12)
        #expect(history.trainLoss.last! == history.loss.suffix(6).reduce(0, +) / 6)
    }

    @Test func classificationAccuracyAsAMetric() throws {
        let images = blobs(count: 200, seed: 8), held = blobs(count: 70, seed: 9)
        let train = TensorDataset(inputs: images.images, targets: images.labels)
        let validation = TensorDataset(inputs: held.images, targets: held.labels)
        var rng = SeededGenerator(seed: 10)
        let model = Linear<Float>(4, 3, rng: &rng)
        let trainer = SupervisedTrainer<Float, Tensor<Float>, [Int]>(model: model, optimizer: SGD(model.parameters, learningRate: 0.1),
                                        loss: { softmaxCrossEntropy($0, labels: $1) },
                                        metrics: ["accuracy": { accuracy($0.value.argmax(alongAxis: 1), $1) }],
                                        configuration: .init(batchSize: 32, restoreBest: false))
        try trainer.fit(epochs: 3, train: train, validation: validation)
        let direct = accuracy(of: model, on: held.images, labels: held.labels)
        #expect(abs(trainer.history.validationMetrics["accuracy"]!.last! - direct) < 1e-12)
        #expect(direct > 0.95)
    }

    func makeRun() -> (Module<Double>, Adam<Double>, SupervisedTrainer<Double, Tensor<Double>, Tensor<Double>>) {
        var rng = SeededGenerator(seed: 11)
        let model = Sequential<Double>([Linear(3, 6, rng: &rng), ReLU(), Linear(6, 1, rng: &rng)])
        let optimizer = Adam(model.parameters, learningRate: 0.02)
        optimizer.decoupledDecay = 1e-3
        let trainer = SupervisedTrainer(model: model, optimizer: optimizer, loss: Self.mseLoss,
                                        metrics: ["mae": { Double(l1($0, Variable(constant: $1)).value.scalar) }],
                                        configuration: .init(batchSize: 16, schedule: .cosine(iterations: 16), restoreBest: false, seed: 12))
        return (model, optimizer, trainer)
    }

    @Test func resumesFromItsStateBitForBit() throws {
        let train = Self.linearData(count: 120, seed: 13), validation = Self.linearData(count: 30, seed: 14)
        let (straight, _, straightTrainer) = makeRun()
        try straightTrainer.fit(epochs: 2, train: train, validation: validation)

        let (first, firstOptimizer, firstTrainer) = makeRun()
        try firstTrainer.fit(epochs: 1, train: train, validation: validation)
        let saved = (model: first.state, optimizer: firstOptimizer.state, trainer: firstTrainer.state)
        let (resumed, resumedOptimizer, resumedTrainer) = makeRun()
        try resumed.load(saved.model)
        try resumedOptimizer.restore(saved.optimizer)
        try resumedTrainer.restore(saved.trainer)
        try resumedTrainer.fit(epochs: 1, train: train, validation: validation)

        #expect(flatParameters(resumed) == flatParameters(straight))
        #expect(flatParameters(resumed) != flatParameters(first))
        #expect(resumedTrainer.state == straightTrainer.state)
        #expect(resumedTrainer.history.validationMetrics["mae"]!.count == 2)
        #expect(resumedTrainer.iteration == 16)
    }

    @Test func restoreRefusesAStateThatDoesNotFit() {
        let (_, _, trainer) = makeRun()
        var state = trainer.state
        state.bestModelState = ["layers.0.weight": Tensor<Double>.zeros([2, 2])]
        #expect(throws: NNError.self) { try trainer.restore(state) }
        state.bestModelState = [:]
        state.iteration = -1
        #expect(throws: NNError.self) { try trainer.restore(state) }
    }

    /// Each token's class is the largest of its three features: a per-token linear classifier
    /// trained on `(N, T, 3)` scores against `(N, T)` labels.
    @Test func trainsOnLabelSequences() throws {
        func tokens(_ count: Int, seed: UInt64) -> TensorDataset<Tensor<Float>, [[Int]]> {
            var rng = SeededGenerator(seed: seed)
            let x = Tensor<Float>.randn([count, 5, 3], using: &rng)
            let classes = x.reshaped([-1, 3]).argmax(alongAxis: 1)
            return TensorDataset(inputs: x, targets: (0..<count).map { Array(classes[5 * $0 ..< 5 * $0 + 5]) })
        }
        let train = tokens(160, seed: 15), validation = tokens(40, seed: 16)
        var rng = SeededGenerator(seed: 17)
        let w = Variable(Tensor<Float>.randn([3, 3], std: 0.01, using: &rng)), b = Variable(Tensor<Float>.zeros([3]))
        let model = ClosureModel(parameters: ["w": w, "b": b]) { x in
            (x.reshaped([-1, 3]).matmul(w) + b).reshaped([x.shape[0], x.shape[1], 3])
        }
        let tokenAccuracy: SupervisedTrainer<Float, Tensor<Float>, [[Int]]>.Metric = { scores, labels in
            accuracy(scores.value.reshaped([-1, 3]).argmax(alongAxis: 1), labels.flatMap { $0 })
        }
        let trainer = SupervisedTrainer<Float, Tensor<Float>, [[Int]]>(model: model, optimizer: Adam(model.parameters, learningRate: 0.05),
                                        loss: { softmaxCrossEntropy($0, labels: $1) }, metrics: ["accuracy": tokenAccuracy],
                                        configuration: .init(batchSize: 16))
        let before = trainer.evaluate(validation)
        try trainer.fit(epochs: 8, train: train, validation: validation)
        let after = trainer.evaluate(validation)
        print("sequence targets: loss \(before.loss) -> \(after.loss), token accuracy \(before.metrics["accuracy"]!) -> \(after.metrics["accuracy"]!)")
        #expect(abs(before.loss - log(3)) < 0.05)
        #expect(after.loss < 0.5 * before.loss)
        #expect(after.metrics["accuracy"]! > 0.9)
    }
}

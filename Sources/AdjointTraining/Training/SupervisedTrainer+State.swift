extension SupervisedTrainer {
    /// What a run recorded: the loss and learning rate of every step, the mean training loss of
    /// every epoch, and the validation loss and metrics after every epoch (when there is a
    /// validation set), as Keras's `history` (`loss`, `val_loss`, `val_<metric>`).
    public struct History: Sendable, Equatable, Codable {
        /// The loss of every iteration, in order.
        public var loss: [Double] = []
        /// The learning rate each iteration stepped with.
        public var learningRate: [Double] = []
        /// The mean loss of each epoch's steps.
        public var trainLoss: [Double] = []
        /// The loss on the validation set after every epoch.
        public var validationLoss: [Double] = []
        /// Every metric on the validation set after every epoch, by name.
        public var validationMetrics: [String: [Double]] = [:]

        /// An empty history.
        public init() {}
    }

    /// Everything besides the model and the optimiser that a run needs to continue exactly.
    public struct State: Sendable, Equatable {
        /// Completed epochs (they continue across `fit` calls).
        public var epoch: Int
        /// Completed iterations (optimiser steps).
        public var iteration: Int
        /// What the run recorded so far.
        public var history: History
        /// The lowest validation loss so far (infinity before any).
        public var bestValidationLoss: Double
        /// The model state (parameters and buffers by path) that reached `bestValidationLoss`.
        public var bestModelState: [String: Tensor<Scalar>]

        /// A state with the given parts.
        public init(epoch: Int, iteration: Int, history: History, bestValidationLoss: Double,
                    bestModelState: [String: Tensor<Scalar>]) {
            (self.epoch, self.iteration, self.history) = (epoch, iteration, history)
            (self.bestValidationLoss, self.bestModelState) = (bestValidationLoss, bestModelState)
        }
    }
}

extension TrainOptions {
    /// The values the numeric options accept. The parser checks the command line against them
    /// and ``RunSettings/validated(file:)`` a checkpoint's stored settings, so a run resumed
    /// from a damaged file meets the same limits as one started by hand.
    ///
    /// ```swift
    /// TrainOptions.Bounds.batchSize.contains(settings.batchSize)
    /// ```
    package enum Bounds {
        /// Bounded, so that no count derived from them (epochs x batches) can overflow.
        package static let epochs = 1...100_000
        package static let batchSize = 1...65_536
        package static let trainingSamples = 0...(1 << 31)
        package static let learningRate = Double.leastNonzeroMagnitude...1e6
        package static let learningRateDecay = Double.leastNonzeroMagnitude...1
        package static let weightDecay = 0.0...1e3
        package static let labelSmoothing = 0.0...1
        package static let threads = 1...1024

        /// Whether `value` lies in `range` and stays finite and non-zero as a Float, the type
        /// the models train in.
        package static func isRate(_ value: Double, in range: ClosedRange<Double>) -> Bool {
            range.contains(value) && Float(value).isFinite && Float(value) != 0
        }
    }
}

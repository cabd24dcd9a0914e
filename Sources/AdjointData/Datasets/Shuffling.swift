extension Dataset {
    /// The examples in a random order.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let (train, validation) = try dataset.shuffled(using: &rng).split(fraction: 0.9)
    /// ```
    public func shuffled(using rng: inout SeededGenerator) -> Dataset {
        subset(rng.permutation(count))
    }
}

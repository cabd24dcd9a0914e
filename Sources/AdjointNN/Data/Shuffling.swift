/// A random permutation of `0..<count` (Fisher-Yates), reproducible from the generator's seed.
///
/// Written out rather than using `Array.shuffle(using:)`, whose algorithm the standard
/// library does not promise to keep, so a seed gives the same order on every toolchain.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let order = shuffledIndices(5, using: &rng)   // a permutation of [0, 1, 2, 3, 4]
/// ```
public func shuffledIndices(_ count: Int, using rng: inout SeededGenerator) -> [Int] {
    var indices = Array(0..<count)
    for i in stride(from: count - 1, to: 0, by: -1) {
        indices.swapAt(i, randomIndex(below: i + 1, using: &rng))
    }
    return indices
}

/// A uniform integer in `0..<bound` by multiply-high (Lemire), one draw per call; the bias,
/// below bound / 2^64, is far under anything a data set can show.
func randomIndex(below bound: Int, using rng: inout SeededGenerator) -> Int {
    Int(rng.next().multipliedFullWidth(by: UInt64(bound)).high)
}

extension Dataset {
    /// The examples in a random order.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let (train, validation) = try full.shuffled(using: &rng).split(fraction: 0.9)
    /// ```
    public func shuffled(using rng: inout SeededGenerator) -> Dataset {
        subset(shuffledIndices(count, using: &rng))
    }
}

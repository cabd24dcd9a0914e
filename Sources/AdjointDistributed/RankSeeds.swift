extension Module {
    /// Gives each random source (dropout) of process `rank` its own stream, derived from the run
    /// `seed`, the rank and the source's position, so the processes of a data-parallel run draw
    /// different masks for their different rows. Rank 0 keeps the streams the model was built
    /// with, so a run on one process draws what a plain run draws.
    ///
    /// ```swift
    /// model.seedRandomSources(runSeed: 42, rank: 1)   // the second process
    /// ```
    public func seedRandomSources(runSeed seed: UInt64, rank: Int) {
        guard rank > 0 else { return }
        for (i, named) in namedRandomSources.enumerated() {
            // SeededGenerator scrambles its seed with SplitMix64, so nearby seeds give unrelated streams.
            let derived = seed &+ UInt64(rank) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(i) &* 0xD1B5_4A32_D192_ED03
            named.source.generator = SeededGenerator(seed: derived)
        }
    }
}

// The catalogue of three-way checks: every layer, loss and network that exists both on the tape
// and in `Reference`, on the SPEC's cases and on seeded random ones.
import AdjointNN

/// Every case of the three-way gradient check, built fresh on each call (the tape's modules
/// are mutable). Layers, losses, convolution and pooling are held to the SPEC's 1e-7; the
/// networks to 1e-6, or 1e-5 with dropout or batchnorm.
///
/// ```swift
/// let report = GradientReport.run(ThreeWayChecks.convolution())
/// ```
public enum ThreeWayChecks {
    /// All cases, in the order the report prints them.
    ///
    /// ```swift
    /// let names = ThreeWayChecks.all().map(\.name)   // "linear [10, 2, 3, 4] -> 5", "relu (exact zeros)", ...
    /// ```
    public static func all() -> [ThreeWayCheck] {
        layers() + losses() + convolution() + pooling() + networks()
    }

    static let layerThreshold = 1e-7

    /// `body` with `module`'s random streams put back where they are now before every call,
    /// so that every evaluation draws the same dropout masks.
    static func rewinding(_ module: Module<Double>, _ body: @escaping () -> Variable<Double>) -> () -> Variable<Double> {
        let streams = module.namedRandomSources.map { (source: $0.source, start: $0.source.generator) }
        return {
            for stream in streams { stream.source.generator = stream.start }
            return body()
        }
    }
}

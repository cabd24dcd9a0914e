import Foundation
@testable import AdjointData
@testable import AdjointNN
@testable import AdjointTraining

/// The JSON seeds of a checkpoint's typed metadata and scheduler states, and the schedulers
/// the states restore into.
extension FuzzSeeds {
    /// Where a metadata-json seed goes in a checkpoint's header.
    enum MetadataJSONSlot {
        /// A value of the caller's, under key `x`, which `metadata.typed` lists.
        case value
        /// The `metadata.typed` list itself, beside the values it names.
        case typedList
        /// `scheduler.state`, restored into the scheduler of this index.
        case scheduler(Int)
    }

    /// A model, its optimiser and schedulers of every kind with counters or children, each
    /// stepped a few times; each call makes new ones.
    static func metadataJSONRun() -> (model: Linear<Float>, schedulers: [LearningRateScheduler<Float>]) {
        let model = Linear<Float>(2, 2)
        let optimizer = SGD([ParameterGroup([model.weight]), ParameterGroup([model.bias], learningRate: 0.05)], learningRate: 0.1)
        let plateau = ReduceLROnPlateau(optimizer: optimizer, patience: 1, cooldown: 2)
        for metric in [3.0, 2.0, 2.5, 2.5, 2.5] { plateau.step(metric: metric) }
        let restarts = CosineAnnealingWarmRestarts(optimizer: optimizer, t0: 2, tMult: 2)
        let sequential = SequentialLR(optimizer: optimizer, schedulers: [LinearLR(optimizer: optimizer, totalIters: 3),
                                                                         StepLR(optimizer: optimizer, stepSize: 2)], milestones: [3])
        let oneCycle = OneCycleLR(optimizer: optimizer, maxLR: 0.1, totalSteps: 10)
        for _ in 0..<5 { restarts.step(); sequential.step(); oneCycle.step() }
        return (model, [plateau, restarts, sequential, oneCycle])
    }

    /// The metadata-json seeds: typed values (nested, with escapes, non-finite and extreme
    /// numbers), a `metadata.typed` list, and the states of `metadataJSONRun()`'s schedulers.
    static func metadataJSON() throws -> [(text: [UInt8], slot: MetadataJSONSlot)] {
        let values: [MetadataValue] = [
            ["epochs": 10, "lr": 3e-4, "tags": ["a", "b"], "augment": true, "shape": ["height": 28, "width": 28],
             "note": "line\nnext \"quoted\" \\ é 😀 \u{01}"],
            [.double(.nan), .double(.infinity), .double(-.infinity), -0.0, .double(.leastNonzeroMagnitude), .double(.greatestFiniteMagnitude),
             .integer(.max), .integer(.min), 0.1, false, []],
            (0..<10).reduce(MetadataValue.string("deep")) { inner, i in i % 2 == 0 ? [inner, .integer(i)] : ["k\(i)": inner, "z": [:]] },
            "a plain string, \u{2028} and \t",
        ]
        let states = try metadataJSONRun().schedulers.enumerated().map { i, scheduler in
            (text: Array(try Checkpoint.encode(scheduler.state).utf8), slot: MetadataJSONSlot.scheduler(i))
        }
        return values.map { (Array($0.json.utf8), .value) } + [(Array("[\"x\",\"y\"]".utf8), .typedList)] + states
    }
}

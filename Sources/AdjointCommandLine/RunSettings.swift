/// What defines a `train` run: kept in every checkpoint's metadata (key `run`, typed JSON with
/// sorted keys) so `--resume` rebuilds the same run and `evaluate` the same model. The options
/// it stores, and their JSON keys, are those of ``TrainOptions/table`` with a key; the others
/// stay at their defaults. Read the options through the settings: `settings.batchSize`.
///
/// ```swift
/// let settings = RunSettings(options)
/// ```
@dynamicMemberLookup
package struct RunSettings: Codable, Equatable, Sendable {
    /// The stored options; `epochs` is the total number of epochs the run is to reach.
    package var options = TrainOptions()
    /// Filled in once the data is loaded.
    package var inputNormalization: ChannelNormalization?
    package var imageShape: [Int] = []
    package var classNames: [String] = []

    package init(_ options: TrainOptions) {
        for option in TrainOptions.table where option.storage != nil { option.copy(options, &self.options) }
    }

    package subscript<T>(dynamicMember path: WritableKeyPath<TrainOptions, T>) -> T {
        get { options[keyPath: path] }
        set { options[keyPath: path] = newValue }
    }

    /// Reads the settings, an option absent from a run saved before it existed at its legacy
    /// value (exponential schedule, no weight decay, no smoothing, no augmentation, no
    /// fusion).
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        for option in TrainOptions.table { try option.storage?.decode(container, &options) }
        inputNormalization = try container.decodeIfPresent(ChannelNormalization.self, forKey: JSONKey("inputNormalization"))
        imageShape = try container.decode([Int].self, forKey: JSONKey("imageShape"))
        classNames = try container.decode([String].self, forKey: JSONKey("classNames"))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        for option in TrainOptions.table { try option.storage?.encode(options, &container) }
        try container.encodeIfPresent(inputNormalization, forKey: JSONKey("inputNormalization"))
        try container.encode(imageShape, forKey: JSONKey("imageShape"))
        try container.encode(classNames, forKey: JSONKey("classNames"))
    }

    /// The options on the command line that would change a resumed run: each one given whose
    /// table entry keeps the run's value and whose value differs, and each one refused outright.
    package func conflicts(with given: TrainOptions) -> [String] {
        TrainOptions.table.compactMap { option in
            guard given.given.contains(option.flag) else { return nil }
            switch option.onResume {
            case .allowed: return nil
            case .refused: return option.flag
            case .kept: return option.same(options, given) ? nil : "\(option.flag) \(option.text(given)) (the run has \(option.text(options)))"
            }
        }
    }

    /// These settings with the values `given` may change on resuming (`--epochs`), or the error
    /// that names the options it may not.
    package func resumed(with given: TrainOptions) throws -> RunSettings {
        let conflicts = conflicts(with: given)
        guard conflicts.isEmpty else {
            throw CommandLineError("--resume keeps the run's settings; drop \(conflicts.joined(separator: ", "))")
        }
        var settings = self
        for option in TrainOptions.table where option.onResume == .allowed && option.storage != nil && given.given.contains(option.flag) {
            option.copy(given, &settings.options)
        }
        return settings
    }
}

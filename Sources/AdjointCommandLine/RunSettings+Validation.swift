import Foundation

extension RunSettings {
    /// The settings in a checkpoint's metadata (key `run`), checked as the command line checks
    /// its options, so a damaged or hostile file is refused with a one-line message naming the
    /// file, the key and the value instead of trapping later in training or evaluation.
    ///
    /// ```swift
    /// let settings = try RunSettings.stored(in: URL(fileURLWithPath: "runs/a/model.safetensors"))
    /// print(settings.model, settings.batchSize)   // fc 100
    /// ```
    package static func stored(in checkpoint: URL) throws -> RunSettings {
        let file = try CheckpointError.passingOn { try SafeTensors.open(checkpoint) }
        guard let text = file.metadata["run"] else {
            throw CommandLineError("\(checkpoint.path): no run settings in its metadata (not written by train)")
        }
        do {
            return try JSONDecoder().decode(RunSettings.self, from: Data(text.utf8)).validated(file: file.path)
        } catch let error as DecodingError {
            throw CheckpointError(file: file.path, problem: .invalidContent("metadata \"run\": \(summary(of: error))"))
        }
    }

    /// These settings when a `train` command line could have given them (``TrainOptions/Bounds``),
    /// with input statistics that fit the images; otherwise a ``CheckpointError`` about `file`
    /// that names the setting and its value.
    ///
    /// ```swift
    /// let checked = try settings.validated(file: "runs/a/model.safetensors")
    /// // checkpoint runs/a/model.safetensors: metadata "run": batchSize -5 is out of range (1...65536)
    /// ```
    package func validated(file: String) throws -> RunSettings {
        func bad(_ what: String) -> CheckpointError {
            CheckpointError(file: file, problem: .invalidContent("metadata \"run\": \(what)"))
        }
        if let problem = TrainOptions.table.lazy.compactMap({ $0.storage?.problem(options) }).first { throw bad(problem) }
        guard imageShape.count <= 3, imageShape.allSatisfy({ (1...65_536).contains($0) }) else {
            throw bad("imageShape \(imageShape) is not the shape of an image")
        }
        if let normalization = inputNormalization { try check(normalization, bad) }
        return self
    }

    /// One statistic per channel of the images, finite, with deviations not negative (0 is a
    /// constant channel, which the normalisation leaves unscaled).
    private func check(_ normalization: ChannelNormalization, _ bad: (String) -> CheckpointError) throws {
        let (mean, std) = (normalization.mean, normalization.std)
        // As `Dataset.channels` counts them: the last axis of a 3-axis shape, else one.
        let channels = imageShape.count == 3 ? imageShape[2] : 1
        guard mean.count == channels && std.count == channels else {
            throw bad("inputNormalization has \(mean.count) means and \(std.count) deviations for images of \(channels) channels")
        }
        if let value = mean.first(where: { !$0.isFinite }) { throw bad("inputNormalization has a mean of \(value)") }
        if let value = std.first(where: { !$0.isFinite || $0 < 0 }) { throw bad("inputNormalization has a deviation of \(value)") }
    }

    /// A decoding error on one line: where in the settings, and what.
    private static func summary(of error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "\"\(key.stringValue)\" is missing"
        case .valueNotFound(_, let context): return "\(path(context)) is null"
        case .typeMismatch(let type, let context):
            let expected = type == String.self ? "a string" : type == Double.self ? "a number"
                : type == Int.self || type == UInt64.self ? "an integer" : type == Bool.self ? "true or false" : "of type \(type)"
            return "\(path(context)) is not \(expected)"
        case .dataCorrupted(let context):
            return (context.codingPath.isEmpty ? "" : path(context) + ": ") + context.debugDescription
        @unknown default: return "not the settings of a train run"
        }
    }
}

/// What the tape does in the current task or thread: whether operations record themselves,
/// and whether they are checked for anomalies. One task-local value, so a primitive reads its
/// whole mode with one lookup, as it read the recording switch alone before.
struct TapeMode: Sendable {
    var isRecording = true
    /// Set inside `withAnomalyDetection`; nil (nothing checked, nothing kept) otherwise.
    var anomalies: AnomalyContext?
    /// Whether operations with a fused kernel run it (see `Fusion`); on by default.
    var isFusing = true

    @TaskLocal static var current = TapeMode()

    /// Runs `body` with `change` applied to the current mode.
    static func with<R>(_ change: (inout TapeMode) -> Void, _ body: () throws -> R) rethrows -> R {
        var mode = current
        change(&mode)
        return try $current.withValue(mode, operation: body)
    }
}

/// Whether operations record themselves on the tape, scoped to the current task or thread.
///
/// Recording is on by default. Turning it off is always scoped, never a global switch, so two
/// threads (or tasks) training and evaluating at once never see each other's mode.
///
/// ```swift
/// let predictions = withoutGradients { model(x) }   // nothing recorded, nothing kept
/// ```
public enum GradMode {
    /// Whether operations record themselves right now.
    public static var isEnabled: Bool { TapeMode.current.isRecording }

    /// Runs `body` with recording set to `isEnabled`.
    ///
    /// ```swift
    /// let y = GradMode.with(false) { model(x) }   // records nothing, as in evaluation
    /// ```
    public static func with<R>(_ isEnabled: Bool, _ body: () throws -> R) rethrows -> R {
        try TapeMode.with({ $0.isRecording = isEnabled }, body)
    }
}

/// Runs `body` without recording operations: for evaluation, numerical checks and updates.
///
/// ```swift
/// let predictions = withoutGradients { model(x) }   // predictions.requiresGrad == false
/// ```
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.with(false, body)
}

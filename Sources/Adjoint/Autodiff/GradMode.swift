/// Whether operations record themselves on the tape, scoped to the current task or thread.
///
/// Recording is on by default. Turning it off is always scoped, never a global switch, so two
/// threads (or tasks) training and evaluating at once never see each other's mode.
///
/// ```swift
/// let predictions = withoutGradients { model(x) }   // nothing recorded, nothing kept
/// ```
public enum GradMode {
    @TaskLocal static var enabled = true

    /// Whether operations record themselves right now.
    public static var isEnabled: Bool { enabled }

    /// Runs `body` with recording set to `isEnabled`.
    public static func with<R>(_ isEnabled: Bool, _ body: () throws -> R) rethrows -> R {
        try $enabled.withValue(isEnabled, operation: body)
    }
}

/// Runs `body` without recording operations: for evaluation, numerical checks and updates.
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.with(false, body)
}

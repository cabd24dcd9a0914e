import Foundation
import Synchronization

/// Ctrl-C for a long run: the first SIGINT asks the run to stop after its current step (it
/// then saves and exits with status 130); a second one exits at once, leaving the last state
/// the run saved.
///
/// ```swift
/// Interrupt.install()
/// _ = try TrainCommand.run(options, interrupted: Interrupt.requested)
/// ```
package enum Interrupt {
    static let count = Atomic<Int>(0)

    /// Installs the SIGINT handler.
    package static func install() {
        signal(SIGINT) { _ in
            // Only async-signal-safe calls here: an atomic add, and _exit.
            if Interrupt.count.add(1, ordering: .relaxed).newValue > 1 { _exit(130) }
        }
    }

    /// Whether Ctrl-C was pressed.
    package static func requested() -> Bool { count.load(ordering: .relaxed) > 0 }
}

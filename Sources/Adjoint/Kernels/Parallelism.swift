import Foundation
import Synchronization

/// How many threads the engine's parallel kernels (matrix multiply) may use.
///
/// Defaults to the number of active processors. Set it to 1 to run everything on the calling
/// thread, for example to measure single-core speed or to leave cores to other work.
///
/// ```swift
/// Parallelism.maxThreads = 1     // everything on the calling thread
/// ```
public enum Parallelism {
    private static let threads = Atomic<Int>(ProcessInfo.processInfo.activeProcessorCount)

    /// The thread limit, at least 1.
    ///
    /// ```swift
    /// let saved = Parallelism.maxThreads
    /// Parallelism.maxThreads = 1   // time one core
    /// defer { Parallelism.maxThreads = saved }
    /// ```
    public static var maxThreads: Int {
        get { threads.load(ordering: .relaxed) }
        set { threads.store(max(1, newValue), ordering: .relaxed) }
    }
}

import Dispatch

/// Runs `body(i)` for `i` in `0..<count` on all cores. The iterations must touch disjoint
/// memory; that is the caller's contract, which the compiler cannot check for raw pointers.
func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        let work = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: count) { work.value($0) }
    }
}

/// Carries a value into a concurrent closure when the caller guarantees it is used safely.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

import Foundation
import Synchronization

/// Runs `body(i)` for `i` in `0..<count` on all cores (up to `Parallelism.maxThreads`). The
/// iterations must touch disjoint memory; that is the caller's contract, which the compiler
/// cannot check for raw pointers.
@usableFromInline
func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    if count <= 1 || Parallelism.maxThreads <= 1 {
        for i in 0..<count { body(i) }
        return
    }
    WorkerPool.shared.run(count, body)
}

/// A few persistent worker threads that spin for a while after each job before they sleep.
///
/// libdispatch's `concurrentPerform` wakes its second thread late on this kind of machine
/// (when it was idle, often not before the caller has done all the work), so a training
/// step's matrix products ran on one core. A worker still spinning from the previous product
/// joins at once.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool(workers: max(0, ProcessInfo.processInfo.activeProcessorCount - 1))

    /// How long a worker spins for new work before it sleeps.
    static let spinNanoseconds: UInt64 = 2_000_000

    /// One call's iterations, handed out one at a time to whoever asks.
    final class Job {
        let body: (Int) -> Void
        let count: Int
        let next = Atomic<Int>(0)
        let finished = Atomic<Int>(0)

        init(_ body: @escaping (Int) -> Void, count: Int) {
            self.body = body
            self.count = count
        }

        func work() {
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                if i >= count { return }
                body(i)
                finished.add(1, ordering: .releasing)
            }
        }
    }

    private let workers: Int
    /// The running job as an unretained pointer's bits (0: none). The caller keeps the job
    /// alive until no worker is `active`, so workers never retain it past the call.
    private let current = Atomic<Int>(0)
    private let active = Atomic<Int>(0)
    /// Bumped once per job; spinning workers watch it.
    private let generation = Atomic<Int>(0)
    /// Set while a job runs: a second caller (another thread, or a job's own body) runs its
    /// loop serially instead of waiting.
    private let busy = Atomic<Bool>(false)
    private let sleepers = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)

    init(workers: Int) {
        self.workers = workers
        for _ in 0..<workers {
            let thread = Thread { [unowned self] in self.workerLoop() }
            thread.name = "adjoint-worker"
            thread.start()
        }
    }

    func run(_ count: Int, _ body: (Int) -> Void) {
        guard workers > 0, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let job = Job(body, count: count)
            current.store(Int(bitPattern: Unmanaged.passUnretained(job).toOpaque()), ordering: .sequentiallyConsistent)
            generation.add(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                for _ in 0..<workers { wake.signal() }
            }
            job.work()
            waitUntil { job.finished.load(ordering: .acquiring) >= count }
            current.store(0, ordering: .sequentiallyConsistent)
            waitUntil { active.load(ordering: .sequentiallyConsistent) == 0 }
        }
        busy.store(false, ordering: .releasing)
    }

    /// Spins on `condition`, yielding the core now and then in case the thread it waits for
    /// was preempted.
    private func waitUntil(_ condition: () -> Bool) {
        var spins = 0
        while !condition() {
            spins += 1
            if spins & 63 == 0 { sched_yield() }
        }
    }

    private func workerLoop() {
        var seen = 0
        while true {
            var spinStart = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                spins += 1
                if spins & 255 == 0 {
                    sched_yield()
                    if DispatchTime.now().uptimeNanoseconds - spinStart > WorkerPool.spinNanoseconds {
                        // Sleep. Announce it first, then look again, so a job published in
                        // between is either seen here or followed by a signal.
                        sleepers.add(1, ordering: .sequentiallyConsistent)
                        if generation.load(ordering: .sequentiallyConsistent) == seen { wake.wait() }
                        sleepers.subtract(1, ordering: .sequentiallyConsistent)
                        spinStart = DispatchTime.now().uptimeNanoseconds
                    }
                }
            }
            seen = generation.load(ordering: .acquiring)
            active.add(1, ordering: .sequentiallyConsistent)
            joinCurrentJob()
            active.subtract(1, ordering: .sequentiallyConsistent)
        }
    }

    /// Works on the current job, if any; the reference to it ends with this function.
    private func joinCurrentJob() {
        let bits = current.load(ordering: .sequentiallyConsistent)
        guard bits != 0, let pointer = UnsafeRawPointer(bitPattern: bits) else { return }
        Unmanaged<Job>.fromOpaque(pointer).takeUnretainedValue().work()
    }
}

import Foundation

/// Runs blocking work (socket I/O, file I/O) on its own threads and bridges the result to async code.
///
/// Blocking calls must never run on the Swift concurrency pool: on two cores, two tasks blocked in
/// `read()` freeze every other task (swift-linux.md pitfall 3). Threads are started on demand up to
/// `maxThreads` and kept while idle; further work waits in a queue.
// Unchecked: `jobs`, `threads` and `idle` are guarded by `condition`, on which idle workers wait;
// Synchronization's Mutex has no condition wait.
public final class BlockingExecutor: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var threads = 0
    private var idle = 0
    public let maxThreads: Int

    /// The process-wide executor used by clients that are not given one.
    public static let shared = BlockingExecutor(maxThreads: 64)

    public init(maxThreads: Int) { self.maxThreads = max(1, maxThreads) }

    /// Queues `job` for a worker thread.
    public func submit(_ job: @escaping () -> Void) {
        condition.lock()
        jobs.append(job)
        if jobs.count > idle && threads < maxThreads {
            threads += 1
            let t = Thread { [unowned self] in self.work() }
            t.stackSize = 1 << 20
            t.name = "pail-client-io"
            t.start()
        }
        condition.signal()
        condition.unlock()
    }

    /// Runs `body` on a worker thread and returns its result.
    public func run<T>(_ body: @escaping () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, Error>) in
            submit {
                // The worker makes the result and never touches it after `resume`: ownership moves to
                // the awaiting task, which the checker cannot follow through the thread hop.
                nonisolated(unsafe) let result = Result { try body() }
                c.resume(with: result)
            }
        }
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty {
                idle += 1
                condition.wait()
                idle -= 1
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}

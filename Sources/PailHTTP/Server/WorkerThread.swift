#if canImport(Glibc)
import Glibc
#endif

/// What a request handler tells the server about the thread it runs on.
///
/// Plain-TCP requests are served by a small pool of threads, about one per core (`IdleParker`), so
/// a thread that waits (on a disk flush, a group commit, a slow client, a delay fault) leaves a core
/// idle and holds up the connections queued behind it. Code about to wait says so with `blocking`,
/// and another thread takes its place at once (one already waiting for connections, or a spare once
/// none is); without it the pool notices only after a while.
public enum WorkerThread {
    /// Runs `body`, a call expected to wait rather than compute, letting the server run another
    /// request meanwhile. Nesting is allowed; on a thread that is not a pool worker (a TLS
    /// connection's own thread, a test) it just runs `body`.
    public static func blocking<T>(_ body: () throws -> T) rethrows -> T {
        guard let worker = IdleParker.Worker.current else { return try body() }
        worker.parker.enterBlocking(worker)
        defer { worker.parker.leaveBlocking(worker) }
        return try body()
    }

    /// `blocking` as a pair of calls, for layers that cannot depend on this module and are handed
    /// these two functions instead. Every `enterBlocking` must be followed by one `leaveBlocking`
    /// on the same thread.
    public static func enterBlocking() {
        if let worker = IdleParker.Worker.current { worker.parker.enterBlocking(worker) }
    }

    /// Ends what `enterBlocking` began.
    public static func leaveBlocking() {
        if let worker = IdleParker.Worker.current { worker.parker.leaveBlocking(worker) }
    }
}

import Foundation
import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// Holds idle plain-TCP connections in one epoll set instead of one blocked thread each, and serves a
/// connection on one of its own threads when its next request starts to arrive.
///
/// The threads wait in `epoll_wait` themselves (leader/follower), so a thread that finishes a request
/// picks up the next ready connection without a hand-off, and under load no thread sleeps between
/// requests (the thread-per-connection model cost two context switches per request in the 4 KiB GET
/// profile). Before serving, a thread makes sure another one is waiting, starting it if needed: a
/// handler that blocks for minutes (a stalled upload, a delay fault) never holds up other connections.
///
/// Registrations are one-shot, so each park ends exactly once: by readiness (data or hang-up) or by
/// its deadline (idle timeout, or the first request's header timeout), which closes the connection
/// quietly. Server drain needs nothing extra: `HTTPConnection.beginDrain` shuts idle sockets down and
/// the hang-up wakes them like data would.
final class IdleParker {
    private struct Parked {
        var connection: HTTPConnection
        var deadline: IODeadline
    }

    private let epfd: Int32
    private let stackSize: Int
    private let lock = NSLock()
    private var parked: [Int32: Parked] = [:]
    private var waiting = 0
    private var threads = 0
    private var stopped = false
    private var nextScan = IODeadline.now()
    /// `epoll_wait` timeout: deadlines are honoured to within this, and idle threads exit after it.
    private static let scanIntervalMilliseconds: Int32 = 250
    /// Threads kept waiting when there is no work; more exit after one idle interval.
    private static let spareThreads = 2

    init(stackSize: Int) {
        self.stackSize = stackSize
        epfd = pail_epoll_create()
    }

    deinit { if epfd >= 0 { close(epfd) } }

    /// False when epoll is unavailable: connections then wait on their own threads.
    var isAvailable: Bool { epfd >= 0 }

    /// Threads serving or waiting (for tests).
    var threadCount: Int { lock.lock(); defer { lock.unlock() }; return threads }

    /// Connections waiting here right now (for tests).
    var parkedCount: Int { lock.lock(); defer { lock.unlock() }; return parked.count }

    /// Watches `fd` until it is readable (or hangs up), then calls `connection.resume()` on a parker
    /// thread; after `deadline`, calls `connection.expire()` instead. The caller must not touch the
    /// connection after this: it may already be running on another thread.
    func park(_ connection: HTTPConnection, fd: Int32, deadline: IODeadline) {
        lock.lock()
        parked[fd] = Parked(connection: connection, deadline: deadline)
        let spawn = waiting == 0 && !stopped
        if spawn { threads += 1; waiting += 1 }
        lock.unlock()
        if spawn { startThread() }
        // A closed descriptor leaves the set by itself, so a reused number is simply added again.
        if pail_epoll_arm_oneshot_read(epfd, fd) != 0 { take(fd)?.connection.resume() }
    }

    /// Lets the threads exit within one scan interval; connections should be drained first.
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    /// Starts a thread already counted in `threads` and `waiting`.
    private func startThread() {
        let thread = Thread { [self] in loop() }
        thread.stackSize = stackSize
        thread.name = "pail-http-worker"
        thread.start()
    }

    private func take(_ fd: Int32) -> Parked? {
        lock.lock()
        defer { lock.unlock() }
        return parked.removeValue(forKey: fd)
    }

    private func loop() {
        var ready: Int32 = -1
        while true {
            // Counted as waiting by whoever started us, or at the end of the previous round.
            let n = pail_epoll_wait_fds(epfd, &ready, 1, Self.scanIntervalMilliseconds)
            let now = IODeadline.now()
            lock.lock()
            waiting -= 1
            var entry: Parked? = nil
            if n == 1 { entry = parked.removeValue(forKey: ready) }
            var late: [Parked] = []
            if now >= nextScan {
                nextScan = IODeadline(uptimeNanoseconds: now.uptimeNanoseconds + UInt64(Self.scanIntervalMilliseconds) * 1_000_000)
                for (fd, p) in parked where p.deadline <= now { late.append(p); parked[fd] = nil }
            }
            let exit = stopped || (n == 0 && entry == nil && waiting >= Self.spareThreads)
            // Keep one thread in epoll_wait while this one serves, however long that takes.
            let spawn = !exit && waiting == 0 && entry != nil
            if spawn { threads += 1; waiting += 1 }
            if exit { threads -= 1 }
            lock.unlock()

            if spawn { startThread() }
            for p in late { p.connection.expire() }
            entry?.connection.resume()
            if exit { return }
            lock.lock()
            waiting += 1
            lock.unlock()
        }
    }
}

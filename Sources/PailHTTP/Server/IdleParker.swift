import Foundation
import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// Holds idle plain-TCP connections in one epoll set instead of one blocked thread each, and serves a
/// connection on one of its worker threads when its next request starts to arrive.
///
/// The workers wait in `epoll_wait` themselves (leader/follower), so a thread that finishes a request
/// picks up the next ready connection without a hand-off. There are about as many running workers as
/// cores (`target`): more only add context switches and cache misses (with one thread per busy
/// connection, 64 connections meant 70 threads, and the 4 KiB GET profile showed a fifth of the time
/// in the scheduler). A worker that waits instead of computing gives its place up: at once when it
/// says so (`WorkerThread.blocking`), or when the monitor sees it serving one request for longer than
/// `stuckAfterMilliseconds`. Another thread, a parked spare if there is one, then takes its place, so
/// a handler that blocks for minutes (a stalled upload, a delay fault) never holds up others. The
/// place is taken lazily: while a thread still waits in `epoll_wait`, that one serves the next
/// connection, and a spare is woken only when the last waiter leaves to serve.
///
/// Registrations are one-shot, so each park ends exactly once: by readiness (data or hang-up) or by
/// its deadline (idle timeout, or the first request's header timeout), which closes the connection
/// quietly. Server drain needs nothing extra: `HTTPConnection.beginDrain` shuts idle sockets down and
/// the hang-up wakes them like data would.
// Unchecked: the pool's state is guarded by `lock`, a pthread mutex its spare threads and monitor wait
// on through two condition variables (`PoolLock`), which Synchronization's Mutex cannot do.
final class IdleParker: @unchecked Sendable {
    private struct Parked {
        var connection: HTTPConnection
        var deadline: IODeadline
    }

    /// One pool thread's state, reachable from its thread (`current`) for `WorkerThread.blocking`.
    // Unchecked: its fields are read and written under the parker's `lock` only.
    final class Worker: @unchecked Sendable {
        unowned let parker: IdleParker
        /// When the request being served started (uptime ns), 0 when not serving.
        var busySince: UInt64 = 0
        /// Position in `serving` while serving.
        var slot = -1
        /// Nesting depth of `WorkerThread.blocking`.
        var blockingDepth = 0
        /// True while this worker does not count as running (blocked or stuck): its place was given up.
        var released = false

        init(parker: IdleParker) { self.parker = parker }

        private static let key: pthread_key_t = {
            var k = pthread_key_t()
            pthread_key_create(&k, nil)
            return k
        }()

        /// The worker running on this thread, if it is a pool thread.
        static var current: Worker? {
            guard let p = pthread_getspecific(key) else { return nil }
            return Unmanaged<Worker>.fromOpaque(p).takeUnretainedValue()
        }

        /// Binds this worker to the calling thread; the thread keeps it alive while it runs.
        func bindToCurrentThread() { pthread_setspecific(Self.key, Unmanaged.passUnretained(self).toOpaque()) }
    }

    private let epfd: Int32
    private let stackSize: Int
    /// Workers meant to run at once: the cores, at least 2.
    let target: Int
    private let lock = PoolLock()
    // All below under `lock`.
    private var parked: [Int32: Parked] = [:]
    private var threads = 0
    /// Workers in (or on their way to) `epoll_wait`.
    private var waiting = 0
    /// Workers waiting or serving without having given their place up.
    private var active = 0
    /// Threads parked on the spare condition, and how many of them were asked to become workers.
    private var spares = 0
    private var wakeTokens = 0
    private var serving: [Worker] = []
    private var monitorStarted = false
    private var monitorIdle = false
    private var stopped = false
    private var nextScan = IODeadline.now()

    /// `epoll_wait` timeout: deadlines are honoured to within this.
    private static let scanIntervalMilliseconds: Int32 = 250
    /// Epoll waiters kept when there is no work; more exit after one idle scan interval.
    private static let idleWaiters = 2
    /// A spare thread exits after this long unused, unless it is the last one.
    private static let spareIdleMilliseconds = 5_000
    /// How long one request may hold a worker before the monitor counts it as stuck, and how often
    /// the monitor looks while requests are being served.
    private static let stuckAfterMilliseconds: UInt64 = 50
    private static let monitorTickMilliseconds = 20

    init(stackSize: Int, target: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) {
        self.stackSize = stackSize
        self.target = target
        epfd = pail_epoll_create()
    }

    deinit { if epfd >= 0 { close(epfd) } }

    /// False when epoll is unavailable: connections then wait on their own threads.
    var isAvailable: Bool { epfd >= 0 }

    /// Pool threads: workers, spares and the monitor (for tests).
    var threadCount: Int { lock.lock(); defer { lock.unlock() }; return threads + (monitorStarted ? 1 : 0) }

    /// Connections waiting here right now (for tests).
    var parkedCount: Int { lock.lock(); defer { lock.unlock() }; return parked.count }

    /// Watches `fd` until it is readable (or hangs up), then calls `connection.resume()` on a worker
    /// thread; after `deadline`, calls `connection.expire()` instead. The caller must not touch the
    /// connection after this: it may already be running on another thread.
    func park(_ connection: HTTPConnection, fd: Int32, deadline: IODeadline) {
        lock.lock()
        parked[fd] = Parked(connection: connection, deadline: deadline)
        // Nobody is waiting: bring the workers up to `target` (at start, or after idle ones left).
        if waiting == 0 { compensateLocked() }
        lock.unlock()
        // A closed descriptor leaves the set by itself, so a reused number is simply added again.
        if pail_epoll_arm_oneshot_read(epfd, fd) != 0 { take(fd)?.connection.resume() }
    }

    /// Lets the threads exit (waiters within one scan interval); connections should be drained first.
    func stop() {
        lock.lock()
        stopped = true
        lock.broadcast(.spare)
        lock.broadcast(.monitor)
        lock.unlock()
    }

    private func take(_ fd: Int32) -> Parked? {
        lock.lock()
        defer { lock.unlock() }
        return parked.removeValue(forKey: fd)
    }

    // MARK: - Worker accounting (all with `lock` held)

    /// Starts or wakes threads until `target` workers count as running.
    private func compensateLocked() {
        while active < target && !stopped {
            active += 1
            if spares > wakeTokens {
                wakeTokens += 1
                lock.signal(.spare)
            } else {
                threads += 1
                waiting += 1
                startThread { [self] w in epollLoop(w) }
            }
        }
        if !monitorStarted && !stopped {
            monitorStarted = true
            startThread { [self] _ in monitorLoop() }
        }
    }

    func enterBlocking(_ w: Worker) {
        lock.lock()
        w.blockingDepth += 1
        if w.blockingDepth == 1 && w.busySince != 0 && !w.released {
            w.released = true
            active -= 1
            // A thread already in `epoll_wait` takes the next connection, and refills the place when
            // it leaves to serve (`epollLoop`): a short wait, such as a gateway's round trip to its
            // upstream, then wakes nobody. Waking a spare at once cost two context switches per
            // proxied request and a tenth of a millisecond of its latency.
            if waiting == 0 { compensateLocked() }
        }
        lock.unlock()
    }

    func leaveBlocking(_ w: Worker) {
        lock.lock()
        w.blockingDepth -= 1
        // Running again: one worker too many until this request ends, when it becomes a spare.
        if w.blockingDepth == 0 && w.released {
            w.released = false
            active += 1
        }
        lock.unlock()
    }

    private func beginServing(_ w: Worker, at now: IODeadline) {
        w.busySince = max(now.uptimeNanoseconds, 1)
        w.slot = serving.count
        serving.append(w)
        if monitorIdle {
            monitorIdle = false
            lock.signal(.monitor)
        }
    }

    private func endServing(_ w: Worker) {
        let last = serving.removeLast()
        if last !== w {
            serving[w.slot] = last
            last.slot = w.slot
        }
        w.slot = -1
        w.busySince = 0
        if w.released {
            w.released = false
            active += 1
        }
    }

    /// Parks the calling thread as a spare until it is asked to become a worker (true: it then counts
    /// as waiting) or should exit (false: it no longer counts at all).
    private func spareWait() -> Bool {
        spares += 1
        while true {
            if stopped {
                spares -= 1
                threads -= 1
                return false
            }
            if wakeTokens > 0 {
                wakeTokens -= 1
                spares -= 1
                waiting += 1
                return true
            }
            if !lock.wait(.spare, milliseconds: Self.spareIdleMilliseconds) && wakeTokens == 0 && spares > 1 {
                spares -= 1
                threads -= 1
                return false
            }
        }
    }

    // MARK: - Threads

    private func startThread(_ body: @escaping @Sendable (Worker) -> Void) {
        let worker = Worker(parker: self)
        let thread = Thread {
            worker.bindToCurrentThread()
            body(worker)
        }
        thread.stackSize = stackSize
        thread.name = "pail-http-worker"
        thread.start()
    }

    /// A worker: waits for a ready connection, serves it, and again. Started counted in `threads`,
    /// `active` and `waiting`.
    private func epollLoop(_ w: Worker) {
        var ready: Int32 = -1
        while true {
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
            let idleExit = n == 0 && entry == nil && waiting >= Self.idleWaiters
            if entry != nil {
                beginServing(w, at: now)
                // The last waiter leaves while places given up by waiting workers are free.
                if waiting == 0 && active < target { compensateLocked() }
            }
            lock.unlock()

            for p in late { p.connection.expire() }
            entry?.connection.resume()

            lock.lock()
            if entry != nil { endServing(w) }
            if stopped || idleExit {
                active -= 1
                threads -= 1
                lock.unlock()
                return
            }
            if active > target {
                // A worker that had given its place up is running again: one of us steps back.
                active -= 1
                guard spareWait() else { lock.unlock(); return }
            } else {
                waiting += 1
            }
            lock.unlock()
        }
    }

    /// Gives up the place of workers that have served one request for too long, so the others keep
    /// `target` running. Ticks only while something is being served.
    private func monitorLoop() {
        lock.lock()
        defer {
            monitorStarted = false
            lock.unlock()
        }
        while !stopped {
            if serving.isEmpty {
                monitorIdle = true
                lock.wait(.monitor)
                monitorIdle = false
                continue
            }
            lock.wait(.monitor, milliseconds: Self.monitorTickMilliseconds)
            let now = IODeadline.now().uptimeNanoseconds
            let limit = Self.stuckAfterMilliseconds * 1_000_000
            for w in serving where !w.released && now > w.busySince + limit {
                w.released = true
                active -= 1
            }
            compensateLocked()
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM, blocked in every thread and taken with sigwait(3) by the one that serves.
///
/// Blocked, a signal stays pending until it is taken: one sent the moment the banner appears is
/// neither fatal nor lost, no worker thread sees it (so no blocking call returns EINTR), and it is
/// heard even when the parent started us with these signals already blocked (a child inherits the
/// signal mask across fork and exec: a test harness's worker thread often blocks all signals).
/// Threads inherit the mask of the thread that creates them, so `block()` must run before the server
/// starts its threads (POSIX pthread_sigmask, sigwait).
enum ShutdownSignals {
    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }

    /// Blocks SIGINT and SIGTERM in the calling thread, and so in every thread it starts from now on.
    static func block() {
        var set = signalSet()
        _ = pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Blocks the calling thread until SIGINT or SIGTERM is pending (or was since `block()`); takes it
    /// and returns its number.
    static func wait() -> Int32 {
        var set = signalSet()
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }
}

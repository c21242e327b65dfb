import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM turned into bytes on a pipe that the serving thread waits on.
///
/// `signal(2)` puts the handler in place for the whole process before it returns, so once `install()`
/// has returned a SIGINT or SIGTERM is neither fatal nor lost, and a supervisor that signals the moment
/// the banner appears is heard. (A Dispatch signal source registers asynchronously on its queue; a
/// signal that came first was either fatal or, with SIG_IGN set, dropped.) The handler calls only
/// write(2), which is async-signal-safe (signal-safety(7)).
enum ShutdownSignals {
    private static let pipeFDs: (read: Int32, write: Int32) = {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { fatalError("pipe() failed: errno \(errno)") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }  // not inherited by child processes
        return (fds[0], fds[1])
    }()

    /// Installs the handler for SIGINT and SIGTERM.
    static func install() {
        _ = pipeFDs  // created now, not inside the handler
        for sig in [SIGINT, SIGTERM] {
            _ = signal(sig) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(ShutdownSignals.pipeFDs.write, &byte, 1)
            }
        }
    }

    /// Blocks the calling thread until SIGINT or SIGTERM arrives (or has arrived since `install()`);
    /// returns the signal's number.
    static func wait() -> Int32 {
        var byte: UInt8 = 0
        while true {
            let n = read(pipeFDs.read, &byte, 1)
            if n == 1 { return Int32(byte) }
            if n < 0 && errno == EINTR { continue }
            return SIGTERM  // the pipe cannot close while the process lives; treat any failure as a stop
        }
    }
}

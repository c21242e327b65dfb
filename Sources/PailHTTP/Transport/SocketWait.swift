#if canImport(Glibc)
import Glibc
#endif

/// Waits for a non-blocking socket to become readable or writable with `poll()`.
enum SocketWait {
    /// Blocks until `fd` reports `events` (or an error/hang-up, which the following call surfaces).
    /// Throws `HTTPError.timeout` when `deadline` passes first.
    static func wait(_ fd: Int32, events: Int32, deadline: IODeadline) throws {
        while true {
            let timeout = deadline.remainingMilliseconds
            if timeout == 0 { throw HTTPError.timeout }
            var pfd = pollfd(fd: fd, events: Int16(events), revents: 0)
            // The socket has nothing for us now, so this thread is about to wait: let another serve.
            let rc = WorkerThread.blocking { poll(&pfd, 1, timeout) }
            if rc > 0 { return }
            if rc == 0 { throw HTTPError.timeout }
            if errno == EINTR { continue }
            throw HTTPError.io(errno)
        }
    }

    static func readable(_ fd: Int32, deadline: IODeadline) throws {
        try wait(fd, events: Int32(POLLIN), deadline: deadline)
    }

    static func writable(_ fd: Int32, deadline: IODeadline) throws {
        try wait(fd, events: Int32(POLLOUT), deadline: deadline)
    }
}

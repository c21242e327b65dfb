import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One listening socket and the thread that accepts on it.
final class Listener: Sendable {
    private let fd: Int32
    private let tls: TLSServerContext?
    private let server: HTTPServer  // a listening server stays alive until shutdown
    /// Set with the socket shut down under the same lock, so the accept thread (which closes `fd` once
    /// it sees it) cannot close the descriptor before `stop` is done with it.
    private let stopped = Mutex(false)
    private let exited = DispatchSemaphore(value: 0)

    init(fd: Int32, tls: TLSServerContext?, server: HTTPServer) {
        self.fd = fd
        self.tls = tls
        self.server = server
    }

    func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "pail-http-accept"
        thread.start()
    }

    /// Stops accepting and waits for the accept thread to close the socket.
    func stop() {
        stopped.withLock { stopped in
            stopped = true
            // Wakes a thread blocked in poll/accept on Linux.
            _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
        }
        exited.wait()
    }

    private var isStopped: Bool { stopped.withLock { $0 } }

    private func acceptLoop() {
        defer {
            Glibc.close(fd)
            exited.signal()
        }
        while !isStopped {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let rc = poll(&pfd, 1, 250)
            if rc <= 0 { continue }
            var storage = sockaddr_storage()
            var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept(fd, $0, &len)  // accept4 needs _GNU_SOURCE; flags are set below
                }
            }
            if client < 0 {
                switch errno {
                case EINTR, EAGAIN, EWOULDBLOCK, ECONNABORTED: continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM: usleep(10_000)  // out of descriptors: back off
                default: if isStopped { return } else { usleep(10_000) }
                }
                continue
            }
            if isStopped {
                Glibc.close(client)
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            SocketOptions.setNonBlocking(client)
            SocketOptions.setNoDelay(client)
            server.accepted(fd: client, remoteAddress: SocketAddress.describe(storage, length: len), tls: tls)
        }
    }
}

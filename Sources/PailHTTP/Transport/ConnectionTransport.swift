/// A byte stream to one peer: a plain TCP socket or TLS over one.
///
/// Implementations use non-blocking sockets and wait with `poll()`, so every call is bounded by a
/// deadline or a stall timeout. One thread drives a transport; only `shutdownSocket()` may be called
/// from another thread to wake it.
public protocol ConnectionTransport: AnyObject {
    /// True for TLS.
    var isSecure: Bool { get }
    /// Reads up to `buffer.count` bytes; returns 0 when the peer has closed (or reset) the connection.
    /// Throws `HTTPError.timeout` when nothing arrives before `deadline`.
    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: IODeadline) throws -> Int
    /// Writes all of `bytes`. Throws `HTTPError.timeout` when the peer accepts nothing for
    /// `stallTimeout` seconds and `HTTPError.connectionClosed` when the peer is gone.
    func write(_ bytes: UnsafeRawBufferPointer, stallTimeout: Double) throws
    /// Writes `count` bytes of the open file `fd` from `offset`; the caller keeps `fd`.
    func sendFile(fd: Int32, offset: Int64, count: Int64, stallTimeout: Double) throws
    /// Shuts the socket down in both directions so blocked reads and writes return; safe from any thread.
    func shutdownSocket()
    /// Closes at once with a TCP reset (SO_LINGER 0).
    func abort()
    /// Closes the connection (TLS close_notify first, when possible) and the descriptor. Idempotent.
    func close()
}

#if canImport(Glibc)
import Glibc
#endif

/// A point on the monotonic clock by which an I/O operation must finish.
public struct IODeadline: Sendable, Comparable {
    /// Nanoseconds on `CLOCK_MONOTONIC`.
    public let uptimeNanoseconds: UInt64

    /// A deadline at `uptimeNanoseconds` on `CLOCK_MONOTONIC`.
    public init(uptimeNanoseconds: UInt64) { self.uptimeNanoseconds = uptimeNanoseconds }

    /// The current monotonic time.
    public static func now() -> IODeadline {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return IODeadline(uptimeNanoseconds: UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec))
    }

    /// `seconds` from now. Negative or zero means "already expired".
    public static func after(_ seconds: Double) -> IODeadline {
        let now = IODeadline.now().uptimeNanoseconds
        guard seconds > 0 else { return IODeadline(uptimeNanoseconds: now) }
        let delta = seconds >= 1e9 ? UInt64(1e18) : UInt64(seconds * 1e9)
        return IODeadline(uptimeNanoseconds: now &+ delta)
    }

    /// Milliseconds left, rounded up, at least 0; the `poll()` timeout for this deadline.
    public var remainingMilliseconds: Int32 {
        let now = IODeadline.now().uptimeNanoseconds
        guard uptimeNanoseconds > now else { return 0 }
        let ms = (uptimeNanoseconds - now + 999_999) / 1_000_000
        return ms > UInt64(Int32.max) ? Int32.max : Int32(ms)
    }

    /// True once the deadline is reached.
    public var hasPassed: Bool { IODeadline.now().uptimeNanoseconds >= uptimeNanoseconds }

    /// Earlier deadlines order first.
    public static func < (a: IODeadline, b: IODeadline) -> Bool { a.uptimeNanoseconds < b.uptimeNanoseconds }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `Date` header value in IMF-fixdate form (RFC 9110 §5.6.7), computed at most once per second.
public enum HTTPDate {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cachedSecond: time_t = 0
    nonisolated(unsafe) private static var cachedValue = ""
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The current time, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func now() -> String {
        let t = time(nil)
        lock.lock()
        defer { lock.unlock() }
        if t != cachedSecond {
            cachedSecond = t
            cachedValue = format(t)
        }
        return cachedValue
    }

    /// Formats seconds since the epoch as IMF-fixdate.
    public static func format(_ t: time_t) -> String {
        var t = t
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
    }
}

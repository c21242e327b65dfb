import Foundation
import Synchronization
import PailHTTP
import PailS3

/// Writes one line per request to standard error (`--access-log`): the server-clock time the request
/// arrived, the peer, method, target, status, duration, request id, fired faults, and the
/// authorization decision with the rule that made it (`authz="allow bucket-policy:PublicRead"`).
final class AccessLogger: Sendable {
    /// Keeps lines from concurrent requests whole.
    private let lock = Mutex(())

    /// `received` is by the server clock (it may have been moved); the duration is measured from
    /// `startedUptime` (`DispatchTime` nanoseconds) on the monotonic clock, so moving or freezing the
    /// server clock does not distort it.
    func log(http: HTTPRequest, status: Int, requestID: String, received: Date, startedUptime: UInt64, faults: [String],
             authorization: String? = nil) {
        let ms = (DispatchTime.now().uptimeNanoseconds &- startedUptime) / 1_000_000
        let marks = faults.isEmpty ? "" : " fault=" + faults.joined(separator: ",")
        let authz = authorization.map { " authz=\"\($0)\"" } ?? ""
        log("\(S3Date.iso8601(received)) \(http.remoteAddress) \(http.head.method) \(http.head.target) \(status) \(ms)ms id=\(requestID)\(marks)\(authz)")
    }

    func log(_ line: String) {
        lock.withLock { _ in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
}

import Foundation
import PailHTTP

/// Writes one line per request to standard error (`--access-log`).
final class AccessLogger {
    private let lock = NSLock()

    func log(http: HTTPRequest, status: Int, requestID: String, started: Date, clock: () -> Date) {
        let ms = Int(clock().timeIntervalSince(started) * 1000)
        log("\(http.remoteAddress) \(http.head.method) \(http.head.target) \(status) \(ms)ms id=\(requestID)")
    }

    func log(_ line: String) {
        lock.lock()
        FileHandle.standardError.write(Data((line + "\n").utf8))
        lock.unlock()
    }
}

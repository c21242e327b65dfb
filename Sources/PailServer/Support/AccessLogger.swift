import Foundation
import PailHTTP

/// Writes one line per request to standard error (`--access-log`).
final class AccessLogger {
    private let lock = NSLock()

    func log(http: HTTPRequest, status: Int, requestID: String, started: Date, clock: () -> Date, faults: [String]) {
        let ms = Int(clock().timeIntervalSince(started) * 1000)
        let marks = faults.isEmpty ? "" : " fault=" + faults.joined(separator: ",")
        log("\(http.remoteAddress) \(http.head.method) \(http.head.target) \(status) \(ms)ms id=\(requestID)\(marks)")
    }

    func log(_ line: String) {
        lock.lock()
        FileHandle.standardError.write(Data((line + "\n").utf8))
        lock.unlock()
    }
}

import Foundation
import PailFaults
import PailHTTP
import PailS3

/// What the faults fired for one request ask the pipeline to do, gathered from their actions.
struct FaultEffects {
    var fired: [FiredFault] = []
    var error: S3Error?
    var delayBeforeResponse: Int = 0
    var delayBeforeBody: Int = 0
    var bytesPerSecond: Int?
    var resetBeforeResponse = false
    var resetAfterBytes: Int?
    var truncateAfterBytes: Int?
    var corruptions: [(offset: Int, count: Int)] = []
    /// nil: no stall; 0: hold until shutdown.
    var stallMs: Int?
    /// Acknowledge writes without keeping them; `true` keeps the previous version.
    var lostWriteKeepsOld: Bool?
    var staleRead = false
    var clockSkew: TimeInterval = 0
    var expireCredentials = false

    init(_ fired: [FiredFault]) {
        self.fired = fired
        for f in fired {
            switch f.action {
            case .error(let status, let code, let message): error = error ?? S3Error(code, status, message)
            case .latency(let ms, let phase):
                if phase == .beforeBody { delayBeforeBody += ms } else { delayBeforeResponse += ms }
            case .bandwidth(let bps): bytesPerSecond = min(bytesPerSecond ?? .max, bps)
            case .reset(let after):
                if let after { resetAfterBytes = min(resetAfterBytes ?? .max, after) } else { resetBeforeResponse = true }
            case .truncate(let after): truncateAfterBytes = min(truncateAfterBytes ?? .max, after)
            case .corrupt(let offset, let count): corruptions.append((offset, count))
            case .stall(let ms): stallMs = ms ?? 0
            case .lostWrite(let keepOld): lostWriteKeepsOld = keepOld
            case .staleRead: staleRead = true
            case .clockSkew(let seconds): clockSkew += TimeInterval(seconds)
            case .expireCredentials: expireCredentials = true
            }
        }
    }

    var isEmpty: Bool { fired.isEmpty }

    /// Sleeps for the stall (checking `cancelled`, e.g. shutdown) and the latency before the response.
    /// Returns true when the connection must then be dropped without an answer (reset, or a stall's end).
    func waitBeforeResponse(cancelled: () -> Bool) -> Bool {
        if stallMs != nil || delayBeforeResponse > 0 { WorkerThread.blocking { sleep(cancelled: cancelled) } }
        return resetBeforeResponse || stallMs != nil
    }

    private func sleep(cancelled: () -> Bool) {
        if let stall = stallMs {
            // Hold the connection with no answer until the client gives up or the stall ends; then
            // close it, as a hung server's connection finally dies.
            let until = Date().addingTimeInterval(stall == 0 ? 3600 : Double(stall) / 1000)
            while Date() < until && !cancelled() { usleep(50_000) }
        }
        if delayBeforeResponse > 0 { usleep(UInt32(delayBeforeResponse) * 1000) }
    }

    /// True when the response body must pass through `FaultBodyWriter`.
    var shapesBody: Bool {
        delayBeforeBody > 0 || bytesPerSecond != nil || resetAfterBytes != nil || truncateAfterBytes != nil || !corruptions.isEmpty
    }
}

import Foundation
import PailHTTP

/// The clock-control API under `/_pail/clock`, answering JSON (see `ServerClock` and docs/clock.md).
///
/// | request | answer |
/// |---|---|
/// | `GET /_pail/clock` | 200 the `ServerClock.Snapshot` |
/// | `POST /_pail/clock` with one `ClockChange` | 200 the snapshot after the change |
/// | `DELETE /_pail/clock` | 200 the snapshot after a reset to the real clock |
///
/// Errors are `{"error": "..."}` with 400 (bad JSON, unknown shape, or a time outside years 1970–9999;
/// nothing is changed then) or 405 (with `Allow`), as `/_pail/faults` answers. Authorization is the
/// pipeline's job, exactly as for `/_pail/faults`.
struct ClockAdminAPI {
    /// A change body is a few dozen bytes.
    static let bodyLimit = 64 << 10
    /// Times the wire formats (4-digit years) can show.
    static let validTimes = Date(timeIntervalSince1970: 0)...Date(timeIntervalSince1970: 253_402_300_799)

    let clock: ServerClock

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch request.head.method {
        case "GET": return AdminAPI.json(200, clock.snapshot())
        case "POST": return change(request)
        case "DELETE": clock.reset(); return AdminAPI.json(200, clock.snapshot())
        default: return AdminAPI.notAllowed("GET, POST, DELETE")
        }
    }

    private func change(_ request: HTTPRequest) -> HTTPResponse {
        let body: [UInt8]
        do {
            body = try request.body.readAll(limit: Self.bodyLimit)
        } catch HTTPError.bodyTooLarge {
            return AdminAPI.error(413, "body larger than \(Self.bodyLimit) bytes")
        } catch {
            return AdminAPI.error(400, "cannot read body: \(error)")
        }
        let change: ClockChange
        do {
            change = try ClockChange.decode(Data(body))
        } catch let e as ClockChangeError {
            return AdminAPI.error(400, e.message)
        } catch {
            return AdminAPI.error(400, "\(error)")
        }
        if let target = target(of: change), !Self.validTimes.contains(target) {
            return AdminAPI.error(400, "that would move the clock outside the years 1970 to 9999 (to \(target.timeIntervalSince1970) s since 1970)")
        }
        apply(change)
        return AdminAPI.json(200, clock.snapshot())
    }

    /// The time the change would set, when it sets one.
    private func target(of change: ClockChange) -> Date? {
        switch change {
        case .advance(let seconds): return clock.now().addingTimeInterval(seconds)
        case .offset(let seconds): return clock.baseNow().addingTimeInterval(seconds)
        case .freeze(let instant): return instant
        case .freezeNow, .unfreeze: return nil
        }
    }

    private func apply(_ change: ClockChange) {
        switch change {
        case .advance(let seconds): clock.advance(by: seconds)
        case .offset(let seconds): clock.setOffset(seconds)
        case .freeze(let instant): clock.freeze(at: instant)
        case .freezeNow: clock.freeze()
        case .unfreeze: clock.unfreeze()
        }
    }
}

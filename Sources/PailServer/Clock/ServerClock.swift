import Foundation
import Synchronization

/// The time the whole server runs on: an injected base clock, moved by an offset or frozen at an instant.
///
/// Every time check of a `PailServer` reads this clock: signature time and presigned expiry, STS and IMDS
/// credential expiry, fault windows and the fault log, storage timestamps (`Last-Modified`), multipart
/// expiry and the access log. Moving it lets a lifecycle or retention test cover days in a second:
///
/// ```swift
/// server.clock.advance(by: 3 * 86_400)      // three days later, at once
/// server.clock.freeze(at: someDate)         // time stands still
/// server.clock.unfreeze()                   // and runs on from where it stood
/// server.clock.reset()                      // back to the base clock
/// ```
///
/// The clock is either *running* (`base() + offset`; the offset may be negative) or *frozen* (a fixed
/// instant). Clients keep signing with their own time, so a request signed by a client whose clock was
/// not moved with the server's is refused as `RequestTimeTooSkewed` once the two differ by more than
/// 15 minutes, as on AWS.
///
/// Thread-safe: state changes and reads take one `Mutex`; the base clock is called outside it where it
/// can be.
public final class ServerClock: Sendable {
    private enum State {
        case running(offset: TimeInterval)
        case frozen(at: Date)
    }

    private let base: @Sendable () -> Date
    private let guarded = Mutex<(state: State, observers: [@Sendable () -> Void])>((.running(offset: 0), []))

    /// A running clock with no offset: `now()` is `base()` until the clock is moved.
    public init(base: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
    }

    /// The server's current time.
    public func now() -> Date {
        switch current {
        case .running(let offset): return offset == 0 ? base() : base().addingTimeInterval(offset)
        case .frozen(let instant): return instant
        }
    }

    /// The base clock's time, unmoved (for checks that must not follow the server clock, such as the
    /// admin API's own signature time).
    public func baseNow() -> Date { base() }

    /// Moves the clock by `seconds` (negative: back). A frozen clock stays frozen at the moved instant.
    public func advance(by seconds: TimeInterval) {
        change {
            switch $0 {
            case .running(let offset): return .running(offset: offset + seconds)
            case .frozen(let instant): return .frozen(at: instant.addingTimeInterval(seconds))
            }
        }
    }

    /// Runs the clock `seconds` away from the base clock (negative: behind it), unfreezing it if frozen.
    public func setOffset(_ seconds: TimeInterval) {
        change { _ in .running(offset: seconds) }
    }

    /// Stops the clock at `instant` until `unfreeze()`, `setOffset(_:)` or `reset()`.
    public func freeze(at instant: Date) {
        change { _ in .frozen(at: instant) }
    }

    /// Stops the clock at its current time. A frozen clock stays where it is.
    public func freeze() {
        let base = self.base
        change {
            switch $0 {
            case .running(let offset): return .frozen(at: base().addingTimeInterval(offset))
            case .frozen: return $0
            }
        }
    }

    /// Lets a frozen clock run again from the instant it stood at (time stays continuous: the frozen
    /// instant becomes an offset from the base clock). A running clock is left alone.
    public func unfreeze() {
        let base = self.base
        change {
            switch $0 {
            case .running: return $0
            case .frozen(let instant): return .running(offset: instant.timeIntervalSince(base()))
            }
        }
    }

    /// Back to the base clock: running, no offset.
    public func reset() {
        change { _ in .running(offset: 0) }
    }

    /// The state as `GET /_pail/clock` shows it, read at one instant of the base clock.
    public func snapshot() -> Snapshot {
        let state = current
        let now = base()
        // The offset in milliseconds, as the times are shown (an unfrozen clock's offset has more digits
        // than anyone can use).
        func millis(_ seconds: TimeInterval) -> Double { (seconds * 1000).rounded() / 1000 }
        switch state {
        case .running(let offset):
            return Snapshot(now: now.addingTimeInterval(offset), offsetSeconds: millis(offset), frozenAt: nil)
        case .frozen(let instant):
            return Snapshot(now: instant, offsetSeconds: millis(instant.timeIntervalSince(now)), frozenAt: instant)
        }
    }

    /// True when the clock is offset or frozen, i.e. no longer simply the base clock.
    public var isMoved: Bool {
        if case .running(let offset) = current, offset == 0 { return false }
        return true
    }

    /// True when the clock is frozen.
    public var isFrozen: Bool {
        if case .frozen = current { return true }
        return false
    }

    /// Calls `observer` after every change (on the changing thread, outside the lock), e.g. to run
    /// expiry sweeps at once instead of at their next scheduled time. Observers cannot be removed.
    public func onChange(_ observer: @escaping @Sendable () -> Void) {
        guarded.withLock { $0.observers.append(observer) }
    }

    private var current: State {
        guarded.withLock { $0.state }
    }

    private func change(_ transform: (State) -> State) {
        let observers = guarded.withLock { guarded in
            guarded.state = transform(guarded.state)
            return guarded.observers
        }
        for observer in observers { observer() }
    }
}

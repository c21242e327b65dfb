import Foundation
import Synchronization
import Testing
@testable import PailServer

/// The server clock on its own, over a base clock the test moves by hand.
@Suite struct ServerClockTests {
    /// A base clock that only moves when told to.
    final class Base: Sendable {
        private let current = Mutex(Date(timeIntervalSince1970: 1_767_225_600)) // 2026-01-01T00:00:00Z
        var now: Date { current.withLock { $0 } }
        func pass(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
    }

    let base = Base()
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    func makeClock() -> ServerClock {
        let base = self.base
        return ServerClock(base: { base.now })
    }

    @Test func unmovedClockReadsTheBase() {
        let clock = makeClock()
        #expect(clock.now() == start)
        base.pass(5)
        #expect(clock.now() == start + 5)
        #expect(clock.snapshot() == ServerClock.Snapshot(now: start + 5, offsetSeconds: 0, frozenAt: nil))
    }

    @Test func advanceMovesARunningClockAndAddsUp() {
        let clock = makeClock()
        clock.advance(by: 3600)
        clock.advance(by: 60)
        #expect(clock.now() == start + 3660)
        base.pass(10)
        #expect(clock.now() == start + 3670, "a moved clock keeps running with its base")
        #expect(clock.snapshot().offsetSeconds == 3660)
    }

    @Test func negativeOffsetsPutTheClockBehind() {
        let clock = makeClock()
        clock.setOffset(-86_400)
        #expect(clock.now() == start - 86_400)
        clock.advance(by: -60)
        #expect(clock.now() == start - 86_460)
        #expect(clock.snapshot().offsetSeconds == -86_460)
        clock.setOffset(30)
        #expect(clock.now() == start + 30, "setOffset replaces the offset instead of adding to it")
    }

    @Test func freezeAtStopsTheClockWhileTheBaseRuns() {
        let clock = makeClock()
        let instant = Date(timeIntervalSince1970: 1_893_456_000) // 2030-01-01
        clock.freeze(at: instant)
        base.pass(3600)
        #expect(clock.now() == instant)
        #expect(clock.isFrozen)
        let snapshot = clock.snapshot()
        #expect(snapshot.frozen && snapshot.frozenAt == instant && snapshot.now == instant)
        #expect(snapshot.offsetSeconds == instant.timeIntervalSince(start + 3600))
    }

    @Test func freezeWithoutAnInstantStopsAtTheCurrentTimeAndAgainKeepsIt() {
        let clock = makeClock()
        clock.advance(by: 100)
        clock.freeze()
        base.pass(50)
        #expect(clock.now() == start + 100)
        clock.freeze()
        #expect(clock.now() == start + 100, "freezing a frozen clock does not move it")
    }

    @Test func advanceMovesAFrozenClockAndKeepsItFrozen() {
        let clock = makeClock()
        clock.freeze()
        clock.advance(by: 3 * 86_400)
        base.pass(7)
        #expect(clock.now() == start + 3 * 86_400)
        #expect(clock.isFrozen)
    }

    @Test func unfreezeResumesFromTheFrozenInstant() {
        let clock = makeClock()
        let instant = Date(timeIntervalSince1970: 1_893_456_000)
        clock.freeze(at: instant)
        base.pass(1000)
        clock.unfreeze()
        #expect(!clock.isFrozen)
        #expect(clock.now() == instant, "no jump when the clock starts running again")
        base.pass(5)
        #expect(clock.now() == instant + 5)
        #expect(clock.snapshot().offsetSeconds == instant.timeIntervalSince(start + 1000))
    }

    @Test func unfreezeLeavesARunningClockAlone() {
        let clock = makeClock()
        clock.setOffset(42)
        clock.unfreeze()
        #expect(clock.now() == start + 42)
    }

    @Test func setOffsetUnfreezesAndResetReturnsToTheBase() {
        let clock = makeClock()
        clock.freeze(at: Date(timeIntervalSince1970: 0))
        clock.setOffset(60)
        #expect(!clock.isFrozen && clock.now() == start + 60)
        clock.freeze()
        clock.reset()
        #expect(!clock.isFrozen && clock.now() == start)
        #expect(clock.snapshot() == ServerClock.Snapshot(now: start, offsetSeconds: 0, frozenAt: nil))
    }

    @Test func observersRunAfterEveryChange() {
        let clock = makeClock()
        let seen = Base()
        clock.onChange { seen.pass(1) }
        clock.advance(by: 1)
        clock.setOffset(2)
        clock.freeze()
        clock.unfreeze()
        clock.reset()
        _ = clock.now()
        _ = clock.snapshot()
        #expect(seen.now == start + 5, "five changes, and reads are not changes")
    }

    @Test func snapshotJSONHasTheDocumentedShape() throws {
        let clock = makeClock()
        clock.setOffset(3600)
        let running = try JSONSerialization.jsonObject(with: JSONEncoder().encode(clock.snapshot())) as? [String: Any]
        #expect(running?["now"] as? String == "2026-01-01T01:00:00.000Z")
        #expect(running?["offsetSeconds"] as? Double == 3600)
        #expect(running?["frozen"] as? Bool == false)
        #expect(running?["frozenAt"] is NSNull)
        clock.freeze(at: Date(timeIntervalSince1970: 1_893_456_000.25))
        let data = try JSONEncoder().encode(clock.snapshot())
        let frozen = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(frozen?["frozenAt"] as? String == "2030-01-01T00:00:00.250Z")
        #expect(frozen?["frozen"] as? Bool == true)
        #expect(try JSONDecoder().decode(ServerClock.Snapshot.self, from: data) == clock.snapshot())
    }

    /// Readers on several threads while a writer keeps advancing: every read is a time the clock really
    /// held (base plus a whole number of steps), and each reader sees time only go forward.
    @Test func concurrentReadersSeeConsistentForwardTime() {
        let clock = makeClock()
        let start = self.start
        let steps = 2000
        let failures = Base()
        DispatchQueue.concurrentPerform(iterations: 5) { worker in
            if worker == 0 {
                for i in 0..<steps {
                    if i % 500 == 0 { clock.freeze() } else if i % 500 == 250 { clock.unfreeze() }
                    clock.advance(by: 1)
                }
                return
            }
            var last = start
            for _ in 0..<20_000 {
                let now = clock.now()
                let offset = now.timeIntervalSince(start)
                if now < last || offset != offset.rounded() || offset < 0 || offset > Double(steps) { failures.pass(1) }
                last = now
            }
        }
        #expect(failures.now == start, "\(failures.now.timeIntervalSince(start)) inconsistent reads")
        #expect(clock.now() == start + Double(steps))
    }
}

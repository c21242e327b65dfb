import Foundation
import Testing
@testable import PailFaults

/// Rebinding an injector to another clock, as a server does with its movable clock.
@Suite struct FaultInjectorClockTests {
    @Test func logEntriesAndAbsoluteWindowsFollowTheNewClock() {
        let old = TestClock(), new = TestClock(Date(timeIntervalSince1970: 1_893_456_000)) // 2030-01-01
        let injector = FaultInjector(clock: { old.now })
        injector.add(FaultRule(when: .window(.absolute(start: new.now, end: nil)), action: T.slowDown))
        #expect(injector.evaluate(T.request()).isEmpty)
        injector.setClock { new.now }
        #expect(injector.evaluate(T.request()).count == 1)
        #expect(injector.log.last?.time == new.now)
    }

    @Test func relativeWindowsKeepTheTimeTheyHaveRun() {
        let old = TestClock(), new = TestClock(Date(timeIntervalSince1970: 1_893_456_000))
        let injector = FaultInjector(clock: { old.now })
        injector.add(FaultRule(when: .window(.relative(fromSeconds: 10, toSeconds: 20)), action: T.slowDown))
        old.advance(5)
        injector.setClock { new.now }
        #expect(injector.evaluate(T.request()).isEmpty, "5 s of the window have run, not years")
        new.advance(5)
        #expect(injector.evaluate(T.request()).count == 1)
        new.advance(10)
        #expect(injector.evaluate(T.request()).isEmpty)
    }
}

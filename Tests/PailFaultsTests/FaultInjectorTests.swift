import Foundation
import Testing
@testable import PailFaults

@Suite struct FaultInjectorTests {
    @Test func emptyInjectorReturnsNothingAndLogsNothing() {
        let injector = FaultInjector()
        #expect(injector.isEmpty)
        #expect(injector.evaluate(T.request()).isEmpty)
        #expect(injector.log.isEmpty)
    }

    @Test func addAssignsSequentialIdsAndKeepsGivenOnes() {
        let injector = FaultInjector()
        #expect(injector.add(FaultRule(action: .staleRead)).id == "r1")
        #expect(injector.add(FaultRule(id: "r2", action: .staleRead)).id == "r2")
        #expect(injector.add(FaultRule(action: .staleRead)).id == "r3")
        #expect(injector.add(FaultRule(id: "mine", action: .staleRead)).id == "mine")
        #expect(injector.rules.map(\.id) == ["r1", "r2", "r3", "mine"])
        #expect(!injector.isEmpty)
    }

    @Test func addingAnExistingIdReplacesInPlaceWithFreshCounters() {
        let injector = FaultInjector()
        injector.add(FaultRule(id: "a", when: .once, action: .staleRead))
        injector.add(FaultRule(id: "b", action: .staleRead))
        #expect(injector.evaluate(T.request()).count == 2)
        injector.add(FaultRule(id: "a", when: .once, action: .expireCredentials))
        #expect(injector.rules.map(\.id) == ["a", "b"])
        #expect(injector.evaluate(T.request()).map(\.action) == [.expireCredentials, .staleRead])
    }

    @Test func removeAndClear() {
        let injector = FaultInjector()
        injector.add([FaultRule(action: .staleRead), FaultRule(action: .staleRead)])
        #expect(injector.remove(id: "r1"))
        #expect(!injector.remove(id: "r1"))
        #expect(injector.rules.map(\.id) == ["r2"])
        _ = injector.evaluate(T.request())
        injector.clear()
        #expect(injector.isEmpty)
        #expect(injector.log.count == 1, "clear keeps the log")
        #expect(injector.add(FaultRule(action: .staleRead)).id == "r1", "ids restart after clear")
    }

    @Test func evaluateReturnsEveryFiringRuleInOrderAndLogsEach() {
        let clock = TestClock()
        let injector = FaultInjector(clock: { clock.now })
        injector.add(FaultRule(match: FaultMatch(operations: ["PutObject"]), action: .latency(ms: 5, phase: .beforeResponse)))
        injector.add(FaultRule(match: FaultMatch(operations: ["GetObject"]), action: .staleRead))
        injector.add(FaultRule(action: T.slowDown))
        let fired = injector.evaluate(T.request("PutObject", method: "PUT", bucket: "b", key: "k", id: "req-1"))
        #expect(fired == [FiredFault(ruleID: "r1", action: .latency(ms: 5, phase: .beforeResponse)),
                          FiredFault(ruleID: "r3", action: T.slowDown)])
        #expect(fired[1].logDescription == "r3:error=503:SlowDown")
        let log = injector.log
        #expect(log.map(\.seq) == [1, 2])
        #expect(log[0] == FaultLogEntry(seq: 1, time: clock.now, requestID: "req-1", ruleID: "r1",
                                        action: .latency(ms: 5, phase: .beforeResponse),
                                        operation: "PutObject", bucket: "b", key: "k"))
    }

    @Test func clearLogKeepsSequenceNumbersGoing() {
        let injector = FaultInjector()
        injector.add(FaultRule(action: .staleRead))
        _ = injector.evaluate(T.request())
        injector.clearLog()
        #expect(injector.log.isEmpty)
        _ = injector.evaluate(T.request())
        #expect(injector.log.map(\.seq) == [2])
    }

    @Test func logDropsOldestBeyondLimit() {
        let injector = FaultInjector(logLimit: 3)
        injector.add(FaultRule(action: .staleRead))
        for i in 1...5 { _ = injector.evaluate(T.request(id: "\(i)")) }
        #expect(injector.log.map(\.requestID) == ["3", "4", "5"])
    }

    @Test func requestedFaultsAreLoggedUnderHeaderWithoutTouchingRules() {
        let injector = FaultInjector()
        injector.add(FaultRule(when: .once, action: .staleRead))
        let fired = injector.recordRequested([.reset(afterBytes: nil)], for: T.request(id: "h"))
        #expect(fired == [FiredFault(ruleID: "header", action: .reset(afterBytes: nil))])
        #expect(injector.log.map(\.ruleID) == ["header"])
        #expect(injector.evaluate(T.request()).count == 1, "the once rule has not been used up")
    }

    @Test func logEntriesEncodeAsJSONAndBack() throws {
        let entry = FaultLogEntry(seq: 4, time: Date(timeIntervalSince1970: 1_767_225_600.25), requestID: "id",
                                  ruleID: "r1", action: .truncate(afterBytes: 3), operation: "GetObject",
                                  bucket: "b", key: nil)
        #expect(try T.roundTrip(entry) == entry)
        let json = String(decoding: try JSONEncoder().encode(entry), as: UTF8.self)
        #expect(json.contains("2026-01-01T00:00:00.250Z"))
    }
}

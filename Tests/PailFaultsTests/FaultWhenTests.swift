import Foundation
import Testing
@testable import PailFaults

@Suite struct FaultWhenTests {
    @Test func alwaysFiresOnEveryMatchingRequest() {
        #expect(T.firing(.always, count: 5) == [1, 2, 3, 4, 5])
    }

    @Test func firstNFiresOnTheFirstNOnly() {
        #expect(T.firing(.first(3), count: 6) == [1, 2, 3])
        #expect(T.firing(.first(0), count: 3) == [])
    }

    @Test func everyNFiresOnMultiplesOfN() {
        #expect(T.firing(.every(5), count: 16) == [5, 10, 15])
        #expect(T.firing(.every(1), count: 3) == [1, 2, 3])
    }

    @Test func afterNFiresFromRequestNPlusOne() {
        #expect(T.firing(.after(3), count: 6) == [4, 5, 6])
        #expect(T.firing(.after(0), count: 2) == [1, 2])
    }

    @Test func onceFiresOnTheFirstMatchingRequestOnly() {
        #expect(T.firing(.once, count: 4) == [1])
    }

    @Test func probabilityZeroAndOneAreNeverAndAlways() {
        #expect(T.firing(.probability(0), count: 50) == [])
        #expect(T.firing(.probability(1), count: 50) == Array(1...50))
    }

    @Test func probabilityFiresAboutThatOften() {
        let hits = T.firing(.probability(0.3), count: 10_000, seed: 7).count
        #expect((2700...3300).contains(hits), "\(hits)")
    }

    @Test func probabilityIsTheSameForTheSameSeedAndDiffersForAnother() {
        let a = T.firing(.probability(0.5), count: 200, seed: 1)
        #expect(a == T.firing(.probability(0.5), count: 200, seed: 1))
        #expect(a != T.firing(.probability(0.5), count: 200, seed: 2))
    }

    @Test func countersCountOnlyMatchingRequests() {
        let injector = FaultInjector()
        injector.add(FaultRule(match: FaultMatch(operations: ["PutObject"]), when: .every(2), action: T.slowDown))
        let ops = ["GetObject", "PutObject", "GetObject", "PutObject", "PutObject", "PutObject"]
        let fired = ops.enumerated().filter { !injector.evaluate(T.request($0.element, id: "\($0.offset)")).isEmpty }
        #expect(fired.map(\.offset) == [3, 5])
    }

    @Test func absoluteWindowIncludesStartAndExcludesEnd() {
        let clock = TestClock()
        let start = clock.now
        let injector = FaultInjector(clock: { clock.now })
        injector.add(FaultRule(when: .window(.absolute(start: start + 10, end: start + 20)), action: T.slowDown))
        var fired: [Int] = []
        for s in 0..<25 {
            if !injector.evaluate(T.request()).isEmpty { fired.append(s) }
            clock.advance(1)
        }
        #expect(fired == Array(10..<20))
    }

    @Test func relativeWindowCountsFromWhenTheRuleWasAdded() {
        let clock = TestClock()
        let injector = FaultInjector(clock: { clock.now })
        clock.advance(1000)
        injector.add(FaultRule(when: .window(.relative(fromSeconds: 2, toSeconds: 4)), action: T.slowDown))
        var fired: [Int] = []
        for s in 0..<6 {
            if !injector.evaluate(T.request()).isEmpty { fired.append(s) }
            clock.advance(1)
        }
        #expect(fired == [2, 3])
    }

    @Test(arguments: [
        (#""always""#, FaultWhen.always), (#"{"always":{}}"#, .always), (#""once""#, .once), (#"{"once":{}}"#, .once),
        (#"{"probability":0.25}"#, .probability(0.25)), (#"{"first":3}"#, .first(3)), (#"{"every":5}"#, .every(5)),
        (#"{"after":10}"#, .after(10)),
        (#"{"window":{"fromSeconds":0,"toSeconds":30}}"#, .window(.relative(fromSeconds: 0, toSeconds: 30))),
        (#"{"window":{"fromSeconds":5}}"#, .window(.relative(fromSeconds: 5, toSeconds: nil))),
        (#"{"window":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T00:05:00.5Z"}}"#,
         .window(.absolute(start: Date(timeIntervalSince1970: 1_767_225_600), end: Date(timeIntervalSince1970: 1_767_225_900.5)))),
    ])
    func jsonFormsDecodeAndRoundTrip(_ json: String, _ expected: FaultWhen) throws {
        let when = try T.decode(FaultWhen.self, json)
        #expect(when == expected)
        #expect(try T.roundTrip(when) == when)
    }

    @Test(arguments: [
        (#""sometimes""#, "unknown when \"sometimes\""),
        (#"{"first":3,"every":2}"#, "exactly one"),
        (#"{}"#, "exactly one"),
        (#"{"probability":1.5}"#, "between 0 and 1"),
        (#"{"every":0}"#, "1 or more"),
        (#"{"first":-1}"#, "0 or more"),
        (#"{"sometimes":1}"#, "unknown field \"sometimes\""),
        (#"{"window":{"start":"yesterday"}}"#, "RFC 3339"),
        (#"{"window":{"start":"2026-01-02T00:00:00Z","end":"2026-01-01T00:00:00Z"}}"#, "after start"),
        (#"{"window":{"fromSeconds":5,"toSeconds":1}}"#, "greater than fromSeconds"),
        (#"{"window":{"start":"2026-01-02T00:00:00Z","toSeconds":1}}"#, "not both"),
    ])
    func invalidWhenGivesClearErrors(_ json: String, _ expected: String) {
        let message = T.decodeError(FaultWhen.self, json)
        #expect(message?.contains(expected) == true, "\(message ?? "decoded")")
    }
}

import Foundation
import Testing
@testable import PailFaults

@Suite struct ConcurrencyTests {
    @Test func manyThreadsEvaluatingWhileRulesChangeLoseNothing() {
        let injector = FaultInjector(seed: 3, logLimit: 100_000)
        injector.add(FaultRule(id: "all", action: .staleRead))
        injector.add(FaultRule(id: "half", when: .every(2), action: .staleRead))
        let perThread = 2_000, threads = 8
        DispatchQueue.concurrentPerform(iterations: threads + 1) { t in
            if t == threads {
                // A writer adding and removing an unrelated rule meanwhile.
                for i in 0..<200 {
                    injector.add(FaultRule(id: "tmp", match: FaultMatch(bucket: "none"), action: .staleRead))
                    if i % 2 == 0 { injector.remove(id: "tmp") }
                    _ = injector.rules
                }
                return
            }
            for i in 0..<perThread { _ = injector.evaluate(T.request(id: "\(t)-\(i)")) }
        }
        let log = injector.log
        let total = perThread * threads
        #expect(log.filter { $0.ruleID == "all" }.count == total)
        #expect(log.filter { $0.ruleID == "half" }.count == total / 2)
        let sequential = log.map(\.seq) == Array(1...(total + total / 2))
        #expect(sequential, "sequence numbers are 1...n without gaps or repeats")
    }
}

import Foundation
import Testing
@testable import PailFaults

@Suite struct FaultPlanTests {
    static let ruleJSON = #"""
    {"id":"x","description":"d","match":{"operations":["PutObject"],"bucket":"b","keyGlob":"*.bin"},
     "when":{"first":2},"action":{"type":"error","code":"SlowDown"}}
    """#

    @Test func ruleDecodesWithDefaultsAndRoundTrips() throws {
        let minimal = try T.decode(FaultRule.self, #"{"action":{"type":"staleRead"}}"#)
        #expect(minimal == FaultRule(action: .staleRead))
        let full = try T.decode(FaultRule.self, Self.ruleJSON)
        #expect(full.id == "x" && full.when == .first(2) && full.match.keyGlob == "*.bin")
        #expect(try T.roundTrip(full) == full)
    }

    @Test func ruleWithoutActionOrWithUnknownFieldFailsClearly() {
        #expect(T.decodeError(FaultRule.self, #"{"match":{}}"#)?.contains("needs an \"action\"") == true)
        #expect(T.decodeError(FaultRule.self, #"{"action":{"type":"staleRead"},"whne":"once"}"#)?.contains("unknown field \"whne\"") == true)
    }

    @Test func planLoadsFromFileWithSeedAndRules() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pail-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("plan.json")
        try Data(#"{"seed":7,"rules":[\#(Self.ruleJSON),{"action":{"type":"reset"}}]}"#.utf8).write(to: url)
        let plan = try FaultPlan.load(from: url)
        #expect(plan.seed == 7 && plan.rules.count == 2)
        let injector = plan.makeInjector()
        #expect(injector.seed == 7)
        #expect(injector.rules.map(\.id) == ["x", "r1"])
    }

    @Test func planAcceptsABareArrayOfRules() throws {
        let plan = try FaultPlan.decode(Data(#"[{"action":{"type":"staleRead"}}]"#.utf8))
        #expect(plan == FaultPlan(seed: nil, rules: [FaultRule(action: .staleRead)]))
    }

    @Test func planErrorsNameTheFileAndTheFieldPath() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pail-bad-\(UUID().uuidString).json")
        try Data(#"{"rules":[{"action":{"type":"staleRead"}},{"action":{"type":"error","code":"X","status":99}}]}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try FaultPlan.load(from: url)
            Issue.record("expected an error")
        } catch let e as FaultSpecError {
            #expect(e.message.contains(url.path))
            #expect(e.message.contains("rules[1].action.status"), "\(e.message)")
        }
        #expect(throws: FaultSpecError.self) { try FaultPlan.load(from: URL(fileURLWithPath: "/nonexistent/plan.json")) }
        #expect(throws: FaultSpecError.self) { try FaultPlan.decode(Data("{not json".utf8)) }
    }
}

@Suite struct ExamplePlanTests {
    @Test func shippedExamplePlanLoadsWithUniqueIds() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let plan = try FaultPlan.load(from: repo.appendingPathComponent("data/faults/example-plan.json"))
        #expect(plan.seed == 42)
        #expect(plan.rules.count >= 5)
        #expect(Set(plan.rules.map(\.id)).count == plan.rules.count)
    }
}

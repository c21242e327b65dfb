import Testing
@testable import PailFaults

@Suite struct FaultHeaderFormTests {
    @Test(arguments: [
        ("error=SlowDown", FaultAction.error(code: "SlowDown")!),
        ("error=503", FaultAction.error(code: "SlowDown")!),
        ("error=500", FaultAction.error(code: "InternalError")!),
        ("error=423", FaultAction.error(code: "Locked")!),
        ("error=403:Forbidden", FaultAction.error(code: "Forbidden", status: 403)!),
        ("latency=500", .latency(ms: 500, phase: .beforeResponse)),
        ("latency=500:beforebody", .latency(ms: 500, phase: .beforeBody)),
        ("bandwidth=1024", .bandwidth(bytesPerSecond: 1024)),
        ("reset", .reset(afterBytes: nil)),
        ("RESET=7", .reset(afterBytes: 7)),
        ("truncate=100", .truncate(afterBytes: 100)),
        ("corrupt=10", .corrupt(offset: 10, count: 1)),
        ("corrupt=10:4", .corrupt(offset: 10, count: 4)),
        ("stall", .stall(ms: nil)),
        ("stall=2000", .stall(ms: 2000)),
        ("lostWrite", .lostWrite(keepOld: false)),
        ("lostwrite=keepOld", .lostWrite(keepOld: true)),
        ("staleRead", .staleRead),
        ("clockSkew=-300", .clockSkew(seconds: -300)),
        ("expireCredentials", .expireCredentials),
        (#" {"type":"truncate","afterBytes":5} "#, .truncate(afterBytes: 5)),
    ])
    func compactFormsParse(_ text: String, _ expected: FaultAction) throws {
        #expect(try FaultAction.fromHeader(text) == expected)
    }

    @Test(arguments: ["", "explode", "error", "error=Teapot", "error=418", "error=200:X", "latency", "latency=-1",
                      "latency=5:soon", "truncate", "corrupt=1:0", "staleRead=1", "lostWrite=maybe",
                      "bandwidth=0", #"{"type":"nope"}"#])
    func invalidCompactFormsThrowSpecError(_ text: String) {
        #expect(throws: FaultSpecError.self) { try FaultAction.fromHeader(text) }
    }

    @Test func listSplitsOnCommasAndSkipsEmptyItems() throws {
        let list = try FaultAction.fromHeaderList("latency=100, error=SlowDown,,")
        #expect(list == [.latency(ms: 100, phase: .beforeResponse), FaultAction.error(code: "SlowDown")!])
    }

    @Test func errorMessageNamesTheHeaderValue() {
        do {
            _ = try FaultAction.fromHeader("error=Teapot")
            Issue.record("expected an error")
        } catch let e as FaultSpecError {
            #expect(e.message.contains("error=Teapot"))
            #expect(e.message.contains("SlowDown"))
        } catch {
            Issue.record("wrong error \(error)")
        }
    }
}

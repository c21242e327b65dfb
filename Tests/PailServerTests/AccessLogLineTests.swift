import Foundation
import Testing
import PailFaults
@testable import PailServer

@Suite struct AccessLogLineTests {
    private func record() -> RequestRecord {
        RequestRecord(received: Date(timeIntervalSince1970: 1_700_000_000.25), requestID: "0000000100000002",
                      remoteAddress: "127.0.0.1:5000", method: "PUT", target: "/b/a%22b", accessKey: "AKID",
                      operation: ObservedOperation(.putObject), bucket: "b", key: "a\"b\\c\n\u{1}é", status: 503,
                      errorCode: "SlowDown", bytesIn: 0, bytesOut: 212, durationNanos: 1_234_567,
                      faults: [FiredFault(ruleID: "slow", action: .error(status: 503, code: "SlowDown", message: "Reduce your request rate."))],
                      authorization: nil)
    }

    @Test func jsonLineHasEveryFieldInOrderWithKeysEscaped() throws {
        let line = AccessLogLine.json(record())
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("{\"time\":\"2023-11-14T22:13:20.250Z\",\"request_id\":\"0000000100000002\""))
        #expect(line.contains(#""key":"a\"b\\c\n\u0001é""#))
        #expect(line.contains(#""duration_ms":1.234567,"#))
        #expect(line.hasSuffix(#""fault":"slow:error=503:SlowDown"}"#))
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["key"] as? String == "a\"b\\c\n\u{1}é")
        #expect(object["access_key"] as? String == "AKID")
        #expect(object["error_code"] as? String == "SlowDown")
    }

    @Test func absentValuesAreNullNotLeftOut() throws {
        var r = record()
        r.accessKey = nil
        r.bucket = nil
        r.key = nil
        r.errorCode = nil
        r.faults = []
        r.durationNanos = 42
        let line = AccessLogLine.json(r)
        for field in ["access_key", "bucket", "key", "error_code", "fault"] { #expect(line.contains("\"\(field)\":null")) }
        #expect(line.contains(#""duration_ms":0.000042,"#))
    }

    @Test func textLineKeepsItsFormerShape() {
        #expect(AccessLogLine.text(record()) == "2023-11-14T22:13:20.250Z 127.0.0.1:5000 PUT /b/a%22b 503 1ms id=0000000100000002 fault=slow:error=503:SlowDown")
    }
}

import Foundation
import Testing
@testable import PailServer

@Suite struct RequestRingTests {
    private func record(_ key: String) -> RequestRecord {
        RequestRecord(received: Date(timeIntervalSince1970: 0), requestID: "id-\(key)", remoteAddress: "127.0.0.1:1",
                      method: "GET", target: "/b/\(key)", accessKey: nil, operation: ObservedOperation(.getObject),
                      bucket: "b", key: key, status: 200, errorCode: nil, bytesIn: 0, bytesOut: 0,
                      durationNanos: 1_500_000, faults: [], authorization: nil, addressed: true)
    }

    @Test func emptyRingAnswersNothingAndSequenceZero() {
        let ring = RequestRing(capacity: 4)
        let (records, last) = ring.records(since: 0)
        #expect(records.isEmpty)
        #expect(last == 0)
    }

    @Test func recordsAreNumberedInOrderAndFilteredBySince() {
        let ring = RequestRing(capacity: 10)
        for i in 1...6 { ring.append(record("k\(i)")) }
        let (all, last) = ring.records(since: 0)
        #expect(all.map(\.seq) == [1, 2, 3, 4, 5, 6])
        #expect(all.map(\.key) == ["k1", "k2", "k3", "k4", "k5", "k6"])
        #expect(last == 6)
        #expect(ring.records(since: 4).records.map(\.key) == ["k5", "k6"])
        #expect(ring.records(since: 6).records.isEmpty)
        #expect(ring.records(since: 99).records.isEmpty)
        #expect(ring.records(since: -5).records.count == 6)
    }

    @Test func fullRingKeepsOnlyTheNewestCapacityRecords() {
        let ring = RequestRing(capacity: 3)
        for i in 1...8 { ring.append(record("k\(i)")) }
        let (kept, last) = ring.records(since: 0)
        #expect(kept.map(\.seq) == [6, 7, 8])
        #expect(last == 8)
        #expect(ring.records(since: 6).records.map(\.key) == ["k7", "k8"])
    }

    @Test func concurrentAppendsLoseNoNumber() async {
        let ring = RequestRing(capacity: 1000)
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<4 {
                group.addTask { for i in 0..<200 { ring.append(self.record("t\(t)-\(i)")) } }
            }
        }
        let (records, last) = ring.records(since: 0)
        #expect(last == 800)
        #expect(records.map(\.seq) == Array(1...800))
        #expect(Set(records.map(\.key)).count == 800)
    }

    @Test func encodesMillisecondsAndOmitsAbsentFields() throws {
        var r = RecentRequest(seq: 7, record: record("a b"))
        r.operation = nil
        r.bucket = nil
        r.key = nil
        r.path = "/_pail/faults"
        r.faults = ["r1:error=503:SlowDown"]
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(r)) as! [String: Any]
        #expect(json["ms"] as? Double == 1.5)
        #expect(json["time"] as? String == "1970-01-01T00:00:00.000Z")
        #expect(json["operation"] == nil && json["bucket"] == nil && json["key"] == nil)
        #expect(json["path"] as? String == "/_pail/faults")
        #expect(json["faults"] as? [String] == ["r1:error=503:SlowDown"])
        #expect(json["seq"] as? Int == 7)
    }
}

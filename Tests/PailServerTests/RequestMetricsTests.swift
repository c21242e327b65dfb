import Foundation
import Testing
import PailFaults
import PailS3
@testable import PailServer

@Suite struct RequestMetricsTests {
    private func record(_ op: S3Operation, status: Int, nanos: UInt64, bytesIn: Int64 = 0, bytesOut: Int64 = 0,
                        faults: [FiredFault] = []) -> RequestRecord {
        RequestRecord(received: Date(timeIntervalSince1970: 0), requestID: "ID", remoteAddress: "127.0.0.1:1", method: "GET",
                      target: "/b/k", accessKey: nil, operation: ObservedOperation(op), bucket: "b", key: "k", status: status,
                      errorCode: nil, bytesIn: bytesIn, bytesOut: bytesOut, durationNanos: nanos, faults: faults, authorization: nil)
    }

    private func lines(_ text: String, _ prefix: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
    }

    private let gauges = MetricsExposition.Gauges(openConnections: 2, workerThreads: 3, storedObjects: 4, storedBytes: 5)

    @Test func countsByOperationAndStatusAndLeavesUnseenOnesOut() {
        let metrics = RequestMetrics()
        metrics.record(record(.getObject, status: 200, nanos: 1_000, bytesOut: 10))
        metrics.record(record(.getObject, status: 200, nanos: 1_000, bytesOut: 5))
        metrics.record(record(.getObject, status: 404, nanos: 1_000))
        metrics.record(record(.putObject, status: 200, nanos: 1_000, bytesIn: 7))
        let text = MetricsExposition.render(metrics.snapshot(), gauges: gauges)
        #expect(lines(text, "pail_requests_total{") == [
            "pail_requests_total{operation=\"PutObject\",status=\"200\"} 1",
            "pail_requests_total{operation=\"GetObject\",status=\"200\"} 2",
            "pail_requests_total{operation=\"GetObject\",status=\"404\"} 1",
        ])
        #expect(lines(text, "pail_sent_bytes_total{") == [
            "pail_sent_bytes_total{operation=\"PutObject\"} 0", "pail_sent_bytes_total{operation=\"GetObject\"} 15",
        ])
        #expect(lines(text, "pail_received_bytes_total{operation=\"PutObject\"}") == ["pail_received_bytes_total{operation=\"PutObject\"} 7"])
        #expect(!text.contains("HeadObject"))
        #expect(lines(text, "pail_open_connections ") == ["pail_open_connections 2"])
        #expect(lines(text, "pail_worker_threads ") == ["pail_worker_threads 3"])
        #expect(lines(text, "pail_objects ") == ["pail_objects 4"])
        #expect(lines(text, "pail_stored_bytes ") == ["pail_stored_bytes 5"])
    }

    /// A duration equal to a bound falls in that bucket (`le` is "less than or equal").
    @Test func durationsLandInTheirBucketsBoundsInclusive() {
        let metrics = RequestMetrics()
        for nanos: UInt64 in [500_000, 500_001, 20_000_000_000] { metrics.record(record(.headObject, status: 200, nanos: nanos)) }
        let text = MetricsExposition.render(metrics.snapshot(), gauges: gauges)
        let buckets = lines(text, "pail_request_duration_seconds_bucket{operation=\"HeadObject\"")
        #expect(buckets.count == RequestMetrics.bucketBounds.count + 1)
        #expect(buckets.first == "pail_request_duration_seconds_bucket{operation=\"HeadObject\",le=\"0.0005\"} 1")
        #expect(buckets[1] == "pail_request_duration_seconds_bucket{operation=\"HeadObject\",le=\"0.001\"} 2")
        #expect(buckets[buckets.count - 2] == "pail_request_duration_seconds_bucket{operation=\"HeadObject\",le=\"10.0\"} 2")
        #expect(buckets.last == "pail_request_duration_seconds_bucket{operation=\"HeadObject\",le=\"+Inf\"} 3")
        #expect(lines(text, "pail_request_duration_seconds_count{operation=\"HeadObject\"}") == [
            "pail_request_duration_seconds_count{operation=\"HeadObject\"} 3"])
        #expect(lines(text, "pail_request_duration_seconds_sum{operation=\"HeadObject\"}") == [
            "pail_request_duration_seconds_sum{operation=\"HeadObject\"} 20.001000001"])
    }

    @Test func faultsAreCountedByRuleAndRuleNamesEscaped() {
        let metrics = RequestMetrics()
        let slow = FiredFault(ruleID: "slow \"puts\"", action: .error(status: 503, code: "SlowDown", message: "Reduce your request rate."))
        metrics.record(record(.putObject, status: 503, nanos: 1, faults: [slow]))
        metrics.record(record(.putObject, status: 503, nanos: 1, faults: [slow]))
        let text = MetricsExposition.render(metrics.snapshot(), gauges: gauges)
        #expect(lines(text, "pail_faults_fired_total{") == ["pail_faults_fired_total{rule=\"slow \\\"puts\\\"\"} 2"])
    }

    @Test func storeGaugesAreLeftOutWhenTheStoreCannotBeRead() {
        var g = gauges
        g.storedObjects = nil
        g.storedBytes = nil
        let text = MetricsExposition.render(RequestMetrics().snapshot(), gauges: g)
        #expect(!text.contains("pail_objects"))
        #expect(text.contains("# TYPE pail_requests_total counter\n"))
    }

    @Test func operationNamesCoverS3AndTheNonS3Requests() {
        #expect(ObservedOperation(.listObjectsV2).name == "ListObjectsV2")
        #expect(ObservedOperation(named: "GetCallerIdentity").name == "GetCallerIdentity")
        #expect(ObservedOperation(named: "NoSuchAction").name == "Unknown")
        #expect(ObservedOperation.metrics.name == "PailMetrics")
    }
}

import Foundation
import PailFaults

/// Counts requests for `/_pail/metrics`: by operation and status, bytes in and out, a latency
/// histogram per operation, and fired faults by rule.
///
/// Recording is on every request's path, so it is a handful of integer adds into buffers allocated
/// once, indexed by `ObservedOperation`, under one lock held for nanoseconds. A scrape copies the
/// buffers under the lock (`snapshot`) and renders from the copy, so it never holds requests up for
/// longer than a memcpy.
final class RequestMetrics {
    /// Upper bounds of the latency buckets, in seconds; `+Inf` is implied after the last.
    static let bucketBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Statuses 100...599 each have a slot; anything else is counted as 599.
    static let statusRange = 100...599

    private static let operations = ObservedOperation.count
    private static let statuses = statusRange.count
    private static let slots = bucketBounds.count + 1
    private static let boundNanos: [UInt64] = bucketBounds.map { UInt64($0 * 1e9) }

    private let lock = NSLock()
    /// `operation * statuses + (status - 100)`.
    private let requests: UnsafeMutableBufferPointer<UInt64>
    private let bytesIn: UnsafeMutableBufferPointer<UInt64>
    private let bytesOut: UnsafeMutableBufferPointer<UInt64>
    /// `operation * slots + bucket`: per-bucket (not cumulative) counts, `+Inf` last.
    private let buckets: UnsafeMutableBufferPointer<UInt64>
    private let durationNanos: UnsafeMutableBufferPointer<UInt64>
    /// Fault rules are named at runtime, so these few counters are keyed by name; touched only when
    /// a fault fires.
    private var faults: [String: UInt64] = [:]

    init() {
        func zeroed(_ n: Int) -> UnsafeMutableBufferPointer<UInt64> {
            let b = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
            b.initialize(repeating: 0)
            return b
        }
        requests = zeroed(Self.operations * Self.statuses)
        bytesIn = zeroed(Self.operations)
        bytesOut = zeroed(Self.operations)
        buckets = zeroed(Self.operations * Self.slots)
        durationNanos = zeroed(Self.operations)
    }

    deinit {
        for b in [requests, bytesIn, bytesOut, buckets, durationNanos] { b.deallocate() }
    }

    /// Counts one finished request.
    func record(_ r: RequestRecord) {
        let op = r.operation.index
        let status = Self.statusRange.contains(r.status) ? r.status : Self.statusRange.upperBound
        var slot = 0
        while slot < Self.boundNanos.count && r.durationNanos > Self.boundNanos[slot] { slot += 1 }
        lock.lock()
        requests[op * Self.statuses + status - Self.statusRange.lowerBound] &+= 1
        bytesIn[op] &+= UInt64(clamping: r.bytesIn)
        bytesOut[op] &+= UInt64(clamping: r.bytesOut)
        buckets[op * Self.slots + slot] &+= 1
        durationNanos[op] &+= r.durationNanos
        for fault in r.faults { faults[fault.ruleID, default: 0] &+= 1 }
        lock.unlock()
    }

    /// A consistent copy of every counter.
    func snapshot() -> MetricsSnapshot {
        lock.lock()
        defer { lock.unlock() }
        return MetricsSnapshot(requests: Array(requests), bytesIn: Array(bytesIn), bytesOut: Array(bytesOut),
                               buckets: Array(buckets), durationNanos: Array(durationNanos), faults: faults)
    }

    /// Slots per operation in `MetricsSnapshot.requests` and `.buckets`.
    static var statusCount: Int { statuses }
    static var slotCount: Int { slots }
}

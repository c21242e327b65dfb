/// The request counters of `RequestMetrics` at one moment, laid out as it keeps them (indexed by
/// `ObservedOperation.index`).
struct MetricsSnapshot {
    /// `operation * RequestMetrics.statusCount + (status - 100)`.
    var requests: [UInt64]
    var bytesIn: [UInt64]
    var bytesOut: [UInt64]
    /// `operation * RequestMetrics.slotCount + bucket`, per bucket (not cumulative), `+Inf` last.
    var buckets: [UInt64]
    var durationNanos: [UInt64]
    /// Fired faults by rule id.
    var faults: [String: UInt64]
}

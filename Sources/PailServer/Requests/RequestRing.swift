import Synchronization

/// The last `capacity` requests the server answered, for the console's live view.
///
/// Appending is the only work on the request path: one lock, one slot overwritten, no allocation once
/// the ring is full (the record is the one the metrics and access log were given). Reading copies the
/// wanted records out under the same lock and turns them into `RecentRequest`s after, so a slow reader
/// never holds up requests for longer than that copy.
final class RequestRing: Sendable {
    /// How many records are kept; older ones are overwritten.
    let capacity: Int
    private let state: Mutex<(slots: [(seq: Int, record: RequestRecord)?], lastSeq: Int)>

    /// A ring keeping the last `capacity` records (at least 1).
    init(capacity: Int = 500) {
        self.capacity = max(1, capacity)
        state = Mutex((Array(repeating: nil, count: max(1, capacity)), 0))
    }

    /// Stores `record`, numbered one past the last one stored; the oldest record goes when the ring is full.
    func append(_ record: RequestRecord) {
        // The record it replaces is released after the lock, not under it: freeing its strings is
        // most of an append's cost (callgrind), and other requests wait for the lock meanwhile.
        let replaced = state.withLock { s -> (seq: Int, record: RequestRecord)? in
            s.lastSeq += 1
            let i = s.lastSeq % capacity
            let old = s.slots[i]
            s.slots[i] = (s.lastSeq, record)
            return old
        }
        withExtendedLifetime(replaced) {}
    }

    /// The records numbered above `since` that are still kept, oldest first, and the number of the
    /// last record stored (0 before any). A `since` at or beyond that answers no records; a `since`
    /// older than the oldest kept record answers every kept one.
    func records(since: Int) -> (records: [RecentRequest], lastSeq: Int) {
        let (kept, lastSeq) = state.withLock { s -> ([(seq: Int, record: RequestRecord)], Int) in
            let first = max(since + 1, s.lastSeq - capacity + 1, 1)
            guard first <= s.lastSeq else { return ([], s.lastSeq) }
            return ((first...s.lastSeq).compactMap { s.slots[$0 % capacity] }, s.lastSeq)
        }
        return (kept.map { RecentRequest(seq: $0.seq, record: $0.record) }, lastSeq)
    }
}

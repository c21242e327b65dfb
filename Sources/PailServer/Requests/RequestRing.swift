import Foundation

/// The last `capacity` requests the server answered, for the console's live view.
///
/// Appending is the only work on the request path: one lock, one slot overwritten, no allocation once
/// the ring is full. Reading copies the wanted records out under the same lock, so a slow reader never
/// holds up requests for longer than that copy.
final class RequestRing: @unchecked Sendable {
    /// How many records are kept; older ones are overwritten.
    let capacity: Int
    // Guards `slots` and `lastSeq` (NSLock, as elsewhere in this module: the package builds in the
    // Swift 5 language mode and targets macOS 13, where `Mutex` is not available).
    private let lock = NSLock()
    private var slots: [RecentRequest?]
    private var lastSeq = 0

    /// A ring keeping the last `capacity` records (at least 1).
    init(capacity: Int = 500) {
        self.capacity = max(1, capacity)
        slots = Array(repeating: nil, count: self.capacity)
    }

    /// Stores `record`, numbered one past the last one stored; the oldest record goes when the ring is full.
    func append(_ record: RecentRequest) {
        var record = record
        lock.lock()
        lastSeq += 1
        record.seq = lastSeq
        slots[lastSeq % capacity] = record
        lock.unlock()
    }

    /// The records numbered above `since` that are still kept, oldest first, and the number of the
    /// last record stored (0 before any). A `since` at or beyond that answers no records; a `since`
    /// older than the oldest kept record answers every kept one.
    func records(since: Int) -> (records: [RecentRequest], lastSeq: Int) {
        lock.lock()
        defer { lock.unlock() }
        let first = max(since + 1, lastSeq - capacity + 1, 1)
        guard first <= lastSeq else { return ([], lastSeq) }
        var out: [RecentRequest] = []
        out.reserveCapacity(lastSeq - first + 1)
        for seq in first...lastSeq {
            if let record = slots[seq % capacity] { out.append(record) }
        }
        return (out, lastSeq)
    }
}

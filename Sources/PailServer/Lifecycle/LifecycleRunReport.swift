/// What one lifecycle run did (`POST /_pail/lifecycle`, `pail lifecycle run`).
public struct LifecycleRunReport: Codable, Equatable, Sendable {
    /// Buckets that have a lifecycle configuration.
    public var buckets = 0
    /// Current versions expired: deleted, or hidden behind a new delete marker when versioned.
    public var expiredCurrent = 0
    /// Noncurrent versions removed for good.
    public var removedNoncurrent = 0
    /// Delete markers removed because they were the only version left (ExpiredObjectDeleteMarker).
    public var removedDeleteMarkers = 0
    /// Multipart uploads aborted.
    public var abortedUploads = 0

    public init() {}
}

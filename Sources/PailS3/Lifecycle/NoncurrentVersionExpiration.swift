/// A rule's `<NoncurrentVersionExpiration>`
/// (docs.aws.amazon.com/AmazonS3/latest/API/API_NoncurrentVersionExpiration.html).
public struct NoncurrentVersionExpiration: Sendable, Equatable, Codable {
    /// Days after a version became noncurrent (its successor was created) before it is deleted,
    /// rounded up to the next midnight UTC. At least 1.
    public var noncurrentDays: Int
    /// When set, this many of the newest noncurrent versions of a key are kept whatever their age:
    /// "how many newer noncurrent versions must exist before Amazon S3 can expire a given version".
    /// At least 1.
    public var newerNoncurrentVersions: Int?

    public init(noncurrentDays: Int, newerNoncurrentVersions: Int? = nil) {
        self.noncurrentDays = noncurrentDays
        self.newerNoncurrentVersions = newerNoncurrentVersions
    }
}

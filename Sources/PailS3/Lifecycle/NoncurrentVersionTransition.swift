/// A rule's `<NoncurrentVersionTransition>`
/// (docs.aws.amazon.com/AmazonS3/latest/API/API_NoncurrentVersionTransition.html).
///
/// Kept so a configuration reads back as it was written, and never acted on: Pail has one storage
/// class. `LifecycleEvaluator` ignores transitions.
public struct NoncurrentVersionTransition: Sendable, Equatable, Codable {
    /// Days after the version became noncurrent (0 or more).
    public var noncurrentDays: Int
    /// Newest noncurrent versions left untransitioned; at least 1 when set.
    public var newerNoncurrentVersions: Int?
    /// One of `LifecycleTransition.storageClasses`.
    public var storageClass: String

    public init(noncurrentDays: Int, newerNoncurrentVersions: Int? = nil, storageClass: String) {
        self.noncurrentDays = noncurrentDays
        self.newerNoncurrentVersions = newerNoncurrentVersions
        self.storageClass = storageClass
    }
}

/// What a tag set belongs to, which sets its limits and some of S3's messages.
public enum TaggedResource: Sendable, Equatable, Codable {
    /// An object version: at most 10 tags (docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html).
    case object
    /// A bucket: at most 50 tags (docs.aws.amazon.com/AmazonS3/latest/userguide/CostAllocTagging.html).
    case bucket

    /// The most tags the resource may carry.
    public var maxTags: Int {
        switch self {
        case .object: return 10
        case .bucket: return 50
        }
    }
}

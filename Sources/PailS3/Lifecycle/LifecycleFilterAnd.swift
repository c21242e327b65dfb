/// A lifecycle filter's `<And>`: every predicate it names must hold
/// (docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRuleAndOperator.html).
public struct LifecycleFilterAnd: Sendable, Equatable, Codable {
    /// A byte prefix of the key; nil when not named.
    public var prefix: String?
    /// Tags the object must carry, each with exactly this value.
    public var tags: [Tag]
    /// The object must be strictly larger than this many bytes.
    public var objectSizeGreaterThan: Int64?
    /// The object must be strictly smaller than this many bytes.
    public var objectSizeLessThan: Int64?

    public init(prefix: String? = nil, tags: [Tag] = [], objectSizeGreaterThan: Int64? = nil, objectSizeLessThan: Int64? = nil) {
        self.prefix = prefix
        self.tags = tags
        self.objectSizeGreaterThan = objectSizeGreaterThan
        self.objectSizeLessThan = objectSizeLessThan
    }

    /// True when no predicate is named (S3's schema refuses such an `<And>`).
    var isEmpty: Bool { prefix == nil && tags.isEmpty && objectSizeGreaterThan == nil && objectSizeLessThan == nil }
}

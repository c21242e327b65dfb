import Foundation

/// One rule of a bucket's lifecycle configuration
/// (docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRule.html).
///
/// A rule selects objects either by the deprecated rule-level `prefix` or by a `filter`: exactly
/// one of the two is set, as the request wrote it, so GetBucketLifecycleConfiguration answers in
/// the same form. Only `expiration`, `noncurrentVersionExpiration` and
/// `abortIncompleteMultipartUploadDays` are acted on; transitions are kept but do nothing.
public struct LifecycleRule: Sendable, Equatable, Codable {
    /// Unique within the configuration, at most 255 characters. S3 makes one up for a rule sent
    /// without it, so a parsed rule always has one.
    public var id: String
    /// `Status` `Enabled`; a disabled rule is kept and never acted on.
    public var isEnabled: Bool
    /// The rule-level `<Prefix>` of the original lifecycle API; nil when the rule has a `filter`.
    public var prefix: String?
    /// The `<Filter>`; nil when the rule uses the legacy `prefix`.
    public var filter: LifecycleFilter?
    public var expiration: LifecycleExpiration?
    public var transitions: [LifecycleTransition]
    public var noncurrentVersionExpiration: NoncurrentVersionExpiration?
    public var noncurrentVersionTransitions: [NoncurrentVersionTransition]
    /// `AbortIncompleteMultipartUpload`'s `DaysAfterInitiation`: uploads are aborted this many
    /// days after they were initiated, rounded up to the next midnight UTC.
    public var abortIncompleteMultipartUploadDays: Int?

    public init(id: String, isEnabled: Bool = true, prefix: String? = nil, filter: LifecycleFilter? = nil,
                expiration: LifecycleExpiration? = nil, transitions: [LifecycleTransition] = [],
                noncurrentVersionExpiration: NoncurrentVersionExpiration? = nil,
                noncurrentVersionTransitions: [NoncurrentVersionTransition] = [],
                abortIncompleteMultipartUploadDays: Int? = nil) {
        self.id = id
        self.isEnabled = isEnabled
        self.prefix = prefix
        self.filter = filter
        self.expiration = expiration
        self.transitions = transitions
        self.noncurrentVersionExpiration = noncurrentVersionExpiration
        self.noncurrentVersionTransitions = noncurrentVersionTransitions
        self.abortIncompleteMultipartUploadDays = abortIncompleteMultipartUploadDays
    }

    /// Longest rule ID, counted in UTF-16 code units as S3 counts tag lengths.
    public static let maxIDLength = 255

    /// Whether the rule selects an object with `key`, `size` bytes and `tags` (its filter, or its
    /// legacy prefix as a byte prefix of the key). Says nothing of `isEnabled`.
    public func matches(key: String, size: Int64, tags: TagSet) -> Bool {
        if let filter { return filter.matches(key: key, size: size, tags: tags) }
        return key.utf8.starts(with: (prefix ?? "").utf8)
    }

    /// True when the rule takes at least one action (transitions count, though Pail does nothing
    /// for them).
    public var hasAction: Bool {
        expiration != nil || !transitions.isEmpty || noncurrentVersionExpiration != nil
            || !noncurrentVersionTransitions.isEmpty || abortIncompleteMultipartUploadDays != nil
    }
}

/// The tags of an object or a bucket, in the order they were given (S3 answers GetObjectTagging
/// in that order).
///
/// Parsing (`parseXML`, `parseHeader`) checks only the shape; `validate(for: .object)` and
/// `validate(for: .bucket)` apply S3's limits, so a handler parses, validates, then stores.
/// Stored as JSON: a plain array of `{"key":…,"value":…}`.
public struct TagSet: Sendable, Equatable, Codable {
    public var tags: [Tag]

    public init(_ tags: [Tag] = []) { self.tags = tags }

    /// Longest key and value, in UTF-16 code units: "Amazon S3 object tags are internally
    /// represented in UTF-16" (object-tagging.html), so a character outside the BMP counts twice.
    public static let maxKeyLength = 128
    public static let maxValueLength = 256

    public var count: Int { tags.count }
    public var isEmpty: Bool { tags.isEmpty }

    /// The value of the first tag named `key` (case-sensitive), or nil.
    public subscript(key: String) -> String? { tags.first { $0.key == key }?.value }

    /// True when a tag has `tag`'s key and exactly its value.
    public func contains(_ tag: Tag) -> Bool { tags.contains(tag) }

    /// Applies S3's limits for tags on `resource` (PutObjectTagging and PutObject's `x-amz-tagging`
    /// for `.object`, PutBucketTagging for `.bucket`). An empty set is valid: it clears the tags
    /// (GetBucketTagging then answers `NoSuchTagSet`, the caller's choice). Checks, in this order,
    /// with S3's answers:
    /// - more than `resource.maxTags` tags → `BadRequest` "Object tags cannot be greater than 10" /
    ///   "Bucket tag count cannot be greater than 50";
    /// - then for each tag in order: a key empty or longer than 128 UTF-16 units → `InvalidTag`
    ///   "The TagKey you have provided is invalid"; a key starting `aws:` (case-sensitive, the
    ///   prefix AWS reserves) → `InvalidTag` "Your TagKey cannot be prefixed with aws:" (objects) /
    ///   "System tags cannot be added/updated by requester" (buckets); a value longer than 256 →
    ///   `InvalidTag` "The TagValue you have provided is invalid"; a key already seen → `InvalidTag`
    ///   "Cannot provide multiple Tags with the same key". Each `InvalidTag` names the `TagKey`.
    ///
    /// Characters are not restricted: S3's documented set (letters, digits, spaces, `+ - = . _ : / @`)
    /// is a recommendation shared across AWS services, and refusing more than S3 does breaks clients.
    public func validate(for resource: TaggedResource) throws {
        let bucket = resource == .bucket
        if tags.count > resource.maxTags {
            throw S3Error.badRequest(bucket ? "Bucket tag count cannot be greater than 50" : "Object tags cannot be greater than 10")
        }
        var seen = Set<String>()
        for tag in tags {
            let keyLength = tag.key.utf16.count
            if keyLength == 0 || keyLength > TagSet.maxKeyLength {
                throw S3Error.invalidTag("The TagKey you have provided is invalid", key: tag.key)
            }
            if tag.key.hasPrefix("aws:") {
                throw S3Error.invalidTag(bucket ? "System tags cannot be added/updated by requester"
                                                : "Your TagKey cannot be prefixed with aws:", key: tag.key)
            }
            if tag.value.utf16.count > TagSet.maxValueLength {
                throw S3Error.invalidTag("The TagValue you have provided is invalid", key: tag.key)
            }
            if !seen.insert(tag.key).inserted {
                throw S3Error.invalidTag("Cannot provide multiple Tags with the same key", key: tag.key)
            }
        }
    }

    public init(from decoder: Decoder) throws {
        tags = try decoder.singleValueContainer().decode([Tag].self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(tags)
    }
}

extension TagSet: ExpressibleByArrayLiteral {
    /// `[Tag(key: "a", value: "1"), …]`, in order.
    public init(arrayLiteral elements: Tag...) { self.init(elements) }
}

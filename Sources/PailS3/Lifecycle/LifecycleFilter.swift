/// Which objects a lifecycle rule's `<Filter>` selects: everything, or exactly one predicate
/// (docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRuleFilter.html). Several predicates go
/// in `.and`.
public enum LifecycleFilter: Sendable, Equatable, Codable {
    /// `<Filter></Filter>`: every object in the bucket.
    case all
    /// `<Prefix>`: keys starting with these bytes (`""` matches every key, and is kept distinct
    /// from `.all` so the configuration reads back as it was written).
    case prefix(String)
    /// `<Tag>`: objects carrying this tag with exactly this value.
    case tag(Tag)
    /// `<ObjectSizeGreaterThan>`: objects strictly larger than this many bytes.
    case objectSizeGreaterThan(Int64)
    /// `<ObjectSizeLessThan>`: objects strictly smaller than this many bytes.
    case objectSizeLessThan(Int64)
    /// `<And>`: every named predicate.
    case and(LifecycleFilterAnd)

    /// Whether an object with `key`, `size` bytes and `tags` is selected. A prefix is compared as
    /// bytes, case-sensitively; tags match on key and value exactly (an object may carry more);
    /// size bounds are strict: "objects that are exactly … won't" match
    /// (docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-filters.html).
    public func matches(key: String, size: Int64, tags: TagSet) -> Bool {
        switch self {
        case .all: return true
        case .prefix(let prefix): return key.utf8.starts(with: prefix.utf8)
        case .tag(let tag): return tags.contains(tag)
        case .objectSizeGreaterThan(let bound): return size > bound
        case .objectSizeLessThan(let bound): return size < bound
        case .and(let and):
            if let prefix = and.prefix, !key.utf8.starts(with: prefix.utf8) { return false }
            if let bound = and.objectSizeGreaterThan, !(size > bound) { return false }
            if let bound = and.objectSizeLessThan, !(size < bound) { return false }
            return and.tags.allSatisfy(tags.contains)
        }
    }

    /// The tags the filter requires (empty unless `.tag` or an `.and` with tags).
    var requiredTags: [Tag] {
        switch self {
        case .tag(let tag): return [tag]
        case .and(let and): return and.tags
        default: return []
        }
    }

    /// True when the filter names an object size bound.
    var boundsSize: Bool {
        switch self {
        case .objectSizeGreaterThan, .objectSizeLessThan: return true
        case .and(let and): return and.objectSizeGreaterThan != nil || and.objectSizeLessThan != nil
        default: return false
        }
    }
}

import Foundation

/// What a bucket's lifecycle rules do to one object version, delete marker or multipart upload.
/// Pure: no I/O and no clock of its own; each question takes `now` (or asks only for a date).
///
/// Only enabled rules count, and only expirations, noncurrent expirations and upload aborts:
/// transitions are kept in the configuration but Pail has one storage class, so they do nothing.
/// Where rules overlap, the earliest due wins ("if two expiration policies overlap, the shorter
/// expiration policy is honored", docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-conflicts.html),
/// and on a tie the rule listed first.
public struct LifecycleEvaluator: Sendable {
    public let configuration: LifecycleConfiguration

    public init(_ configuration: LifecycleConfiguration) { self.configuration = configuration }

    /// `days` after `start`, rounded up to the next midnight UTC: the due time of every `Days`-based
    /// action (see `LifecycleDay.due`).
    public static func due(after start: Date, days: Int) -> Date { LifecycleDay.due(after: start, days: days) }

    /// When the current version of `key` (`size` bytes, `tags`, created `lastModified`) expires,
    /// and under which rule, whether or not that time has come; nil when no enabled rule with
    /// `Days` or `Date` selects it. `Days` count from creation, rounded up to midnight UTC; a
    /// `Date` rule expires every selected object from that date on, old or new.
    public func currentVersionExpiry(key: String, size: Int64, tags: TagSet, lastModified: Date) -> LifecycleDecision? {
        earliest { rule in
            guard rule.matches(key: key, size: size, tags: tags) else { return nil }
            switch rule.expiration {
            case .days(let days)?: return LifecycleDay.due(after: lastModified, days: days)
            case .date(let date)?: return date
            default: return nil
            }
        }
    }

    /// The expiration that has fallen due by `now` for the current version of `key`, or nil. The
    /// caller expires it: deletes it in an unversioned bucket, adds a delete marker in a versioned
    /// one. A current version that is already a delete marker is not the caller's to pass here
    /// (see `expiredDeleteMarker`).
    public func currentVersionAction(key: String, size: Int64, tags: TagSet, lastModified: Date, now: Date) -> LifecycleDecision? {
        guard let decision = currentVersionExpiry(key: key, size: size, tags: tags, lastModified: lastModified),
              decision.due <= now else { return nil }
        return decision
    }

    /// Whether a delete marker of `key`, created `created`, is removed by `now`. Only a marker that
    /// `isOnlyVersion` (an "expired object delete marker") is ever removed: at once under a rule
    /// with `ExpiredObjectDeleteMarker` `true`, and under a rule expiring current versions by
    /// `Days` once the marker is that old ("When you specify the Days tag, Amazon S3 automatically
    /// performs ExpiredObjectDeleteMarker cleanup when the delete markers are old enough",
    /// docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html). A
    /// marker has no tags and size 0 for filters.
    public func expiredDeleteMarker(key: String, created: Date, isOnlyVersion: Bool, now: Date) -> Bool {
        guard isOnlyVersion else { return false }
        return configuration.rules.contains { rule in
            guard rule.isEnabled, rule.matches(key: key, size: 0, tags: TagSet()) else { return false }
            switch rule.expiration {
            case .expiredObjectDeleteMarker(true)?: return true
            case .days(let days)?: return LifecycleDay.due(after: created, days: days) <= now
            default: return false
            }
        }
    }

    /// Whether a noncurrent version of `key` is deleted by `now`. `noncurrentSince` is when it
    /// became noncurrent (when its successor was created); `newerNoncurrentCount` is how many
    /// noncurrent versions of the key are newer than it. Under an enabled, selecting rule with
    /// `NoncurrentVersionExpiration`, it goes once `NoncurrentDays` after `noncurrentSince`
    /// (rounded up to midnight UTC) has passed, unless the rule's `NewerNoncurrentVersions` N keeps
    /// it: the N newest noncurrent versions stay whatever their age.
    public func noncurrentAction(key: String, size: Int64, tags: TagSet, noncurrentSince: Date, newerNoncurrentCount: Int, now: Date) -> Bool {
        configuration.rules.contains { rule in
            guard rule.isEnabled, let noncurrent = rule.noncurrentVersionExpiration,
                  rule.matches(key: key, size: size, tags: tags) else { return false }
            if let keep = noncurrent.newerNoncurrentVersions, newerNoncurrentCount < keep { return false }
            return LifecycleDay.due(after: noncurrentSince, days: noncurrent.noncurrentDays) <= now
        }
    }

    /// When an incomplete multipart upload of `key`, initiated `initiated`, is aborted, and under
    /// which rule (for `x-amz-abort-date` and `x-amz-abort-rule-id`); nil when no enabled rule with
    /// `AbortIncompleteMultipartUpload` selects the key. Such rules filter by prefix only: S3
    /// refuses them with a tag or size filter.
    public func abortRule(key: String, initiated: Date) -> LifecycleDecision? {
        earliest { rule in
            guard let days = rule.abortIncompleteMultipartUploadDays, rule.matches(key: key, size: 0, tags: TagSet()) else { return nil }
            return LifecycleDay.due(after: initiated, days: days)
        }
    }

    /// Whether an incomplete multipart upload of `key`, initiated `initiated`, is aborted by `now`.
    public func abortUpload(key: String, initiated: Date, now: Date) -> Bool {
        guard let decision = abortRule(key: key, initiated: initiated) else { return false }
        return decision.due <= now
    }

    /// The `x-amz-expiration` header for the current version of `key`, as S3 sends it on GET, HEAD
    /// and PUT: `expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="picture-deletion-rule"`
    /// (docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, `x-amz-expiration`), for the
    /// earliest applicable rule; nil when none applies. A rule ID that a quoted header value cannot
    /// carry as is (a `"`, `\`, control or non-ASCII character) is percent-encoded whole.
    public func expirationHeader(key: String, size: Int64, tags: TagSet, lastModified: Date) -> String? {
        guard let decision = currentVersionExpiry(key: key, size: size, tags: tags, lastModified: lastModified) else { return nil }
        return "expiry-date=\"\(S3Date.http(decision.due))\", rule-id=\"\(LifecycleEvaluator.headerRuleID(decision.ruleID))\""
    }

    /// `id` as it is when every byte is printable ASCII other than `"` and `\`, else percent-encoded.
    static func headerRuleID(_ id: String) -> String {
        let plain = id.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        return plain ? id : URIEncoding.encode(id, encodeSlash: true)
    }

    /// The earliest of `due(rule)` over enabled rules, the rule listed first on a tie.
    private func earliest(_ due: (LifecycleRule) -> Date?) -> LifecycleDecision? {
        var best: LifecycleDecision?
        for rule in configuration.rules where rule.isEnabled {
            guard let date = due(rule) else { continue }
            if let best, best.due <= date { continue }
            best = LifecycleDecision(ruleID: rule.id, due: date)
        }
        return best
    }
}

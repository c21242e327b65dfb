import Foundation

/// A lifecycle action that applies to something, and when: "expire (or abort) under rule
/// `ruleID`, due at `due`". `due` is a midnight UTC for `Days`-based rules, or the rule's `Date`.
///
/// For a current version the action is expiration: the caller deletes the object in a bucket
/// never versioned, and adds a delete marker in a versioning-enabled or -suspended one
/// (docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html).
/// For an incomplete multipart upload it is abort.
public struct LifecycleDecision: Sendable, Equatable, Codable {
    /// The ID of the rule that sets the action; on a tie, the rule listed first.
    public var ruleID: String
    /// When the action falls due.
    public var due: Date

    public init(ruleID: String, due: Date) {
        self.ruleID = ruleID
        self.due = due
    }
}

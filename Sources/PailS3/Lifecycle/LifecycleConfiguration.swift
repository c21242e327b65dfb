import Foundation

/// A bucket's lifecycle configuration: the body of PutBucketLifecycleConfiguration and the answer
/// of GetBucketLifecycleConfiguration
/// (docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html).
///
/// `parse(_:makeRuleID:)` reads and validates a request body; `xmlBody()` writes it back.
/// `LifecycleEvaluator` decides what the rules do to a given object, version or upload.
public struct LifecycleConfiguration: Sendable, Equatable, Codable {
    /// The rules in the order given (1 to 1000 once validated).
    public var rules: [LifecycleRule]

    public init(rules: [LifecycleRule]) { self.rules = rules }

    /// "An Amazon S3 Lifecycle configuration can have up to 1,000 rules"
    /// (docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html).
    public static let maxRules = 1000

    /// Throws S3's answer to the first fault: no rules → `InvalidRequest` "At least one lifecycle
    /// rule must be specified."; more than 1000 → `InvalidRequest` "The number of lifecycle rules
    /// must not exceed the allowed limit of 1000 rules." (both from the `InvalidRequest` entries of
    /// docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); then each rule in order
    /// (`LifecycleRule.validate()`), and an ID already used by an earlier rule → `InvalidArgument`
    /// "Rule ID must be unique. Found same ID for more than one rule".
    public func validate() throws {
        if rules.isEmpty { throw S3Error.invalidRequest("At least one lifecycle rule must be specified.") }
        if rules.count > LifecycleConfiguration.maxRules {
            throw S3Error.invalidRequest("The number of lifecycle rules must not exceed the allowed limit of 1000 rules.")
        }
        var ids = Set<String>()
        for rule in rules {
            try rule.validate()
            if !ids.insert(rule.id).inserted {
                throw S3Error.invalidArgument("Rule ID must be unique. Found same ID for more than one rule")
            }
        }
    }

    /// A fresh rule ID for a rule sent without one. S3 makes up a random ID; Pail's is the
    /// base64 of a random UUID's text (48 characters, the shape of the IDs S3 generates). Tests
    /// inject their own generator through `parse(_:makeRuleID:)`.
    public static func randomRuleID() -> String {
        Data(UUID().uuidString.utf8).base64EncodedString()
    }
}

import PailS3
import PailStorage

/// The outcome of authorizing one check, and what decided it, for the access log: `allow owner`,
/// `allow bucket-policy:PublicRead`, `allow acl:READ:AllUsers`, `deny identity-policy:Statement[0]`,
/// `deny implicit` (nothing allowed it).
struct AccessDecision {
    var allowed: Bool
    var reason: String

    static func allow(_ reason: String) -> AccessDecision { AccessDecision(allowed: true, reason: reason) }
    static func deny(_ reason: String) -> AccessDecision { AccessDecision(allowed: false, reason: reason) }

    var logText: String { (allowed ? "allow " : "deny ") + reason }
}

/// What authorization left on a request for the handlers and the access log.
struct RequestAccess {
    /// The decision, for the access log (set when logging is on).
    var decision: String?
    /// The ACL a PutObject, CopyObject or CreateMultipartUpload stores with the new object (nil: the
    /// default, the bucket owner owning it with FULL_CONTROL); handlers put it into the metadata.
    var objectACL: AccessControlList?
    /// DeleteObjects: the refusal for one key, or nil when the requester may delete it.
    var deleteGate: ((String, VersionSelector) -> S3Error?)?
}

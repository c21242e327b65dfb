/// A parsed access policy: a bucket policy, an IAM identity policy (a user's or a role's), or an STS
/// session policy. Built by `Policy.parse`, which refuses what S3 refuses with its MalformedPolicy
/// messages; evaluated by `evaluate(_:)` (IAM User Guide, "Policy evaluation logic").
public struct Policy: Sendable {
    /// Where a policy is attached decides which elements it must and may have.
    public enum Kind: Sendable, Equatable {
        /// A bucket policy for the named bucket: Principal is required and every Resource must lie
        /// in the bucket.
        case bucket(String)
        /// An identity policy: no Principal, Resource any ARN or `*`.
        case identity
        /// An STS session policy (AssumeRole's `Policy`): as an identity policy.
        case session
    }

    /// `2012-10-17` or `2008-10-17` (the default when the document names none).
    public var version: String
    public var statements: [PolicyStatement]

    /// Policy variables (`${aws:username}`) are substituted only in version 2012-10-17 documents
    /// (IAM User Guide, "IAM policy elements: Variables and tags").
    public var substitutesVariables: Bool { version == "2012-10-17" }

    public init(version: String, statements: [PolicyStatement]) {
        self.version = version
        self.statements = statements
    }
}

/// One statement of a policy, with its Action/NotAction resolved to a set of S3 actions. A class:
/// a policy is read once and evaluated on every request, and walking its statements should not copy
/// (and retain) each statement's arrays.
public final class PolicyStatement: Sendable {
    public let sid: String?
    /// How logs and decisions name the statement: its Sid, else its position (`Statement[2]`).
    public let label: String
    public let allows: Bool
    /// Nil in identity and session policies, which have no Principal.
    public let principals: PolicyPrincipals?
    public let notPrincipal: Bool
    public let actions: S3ActionSet
    public let notAction: Bool
    public let resources: [ResourcePattern]
    public let notResource: Bool
    public let conditions: [PolicyCondition]

    // Every member a `let`: a class's `var` is checked for exclusive access on each read, and a
    // policy's statements are read on every request.
    public init(sid: String?, label: String, allows: Bool, principals: PolicyPrincipals?, notPrincipal: Bool = false,
                actions: S3ActionSet, notAction: Bool = false, resources: [ResourcePattern], notResource: Bool = false,
                conditions: [PolicyCondition] = []) {
        self.sid = sid
        self.label = label
        self.allows = allows
        self.principals = principals
        self.notPrincipal = notPrincipal
        self.actions = actions
        self.notAction = notAction
        self.resources = resources
        self.notResource = notResource
        self.conditions = conditions
    }
}

/// A statement's Principal: everyone (`"*"` or `{"AWS": "*"}`), or named ARNs, account ids, access
/// keys and canonical user ids, compared exactly.
public final class PolicyPrincipals: Sendable, Equatable {
    public let everyone: Bool
    /// `AWS` values: ARNs, 12-digit account ids, access keys.
    public let aws: Set<String>
    public let canonicalUsers: Set<String>
    /// `Service` and `Federated` values: kept for GetBucketPolicyStatus, never matched by a request here.
    public let services: [String]

    public init(everyone: Bool = false, aws: Set<String> = [], canonicalUsers: Set<String> = [], services: [String] = []) {
        self.everyone = everyone
        self.aws = aws
        self.canonicalUsers = canonicalUsers
        self.services = services
    }

    public static func == (a: PolicyPrincipals, b: PolicyPrincipals) -> Bool {
        a.everyone == b.everyone && a.aws == b.aws && a.canonicalUsers == b.canonicalUsers && a.services == b.services
    }
}

/// A Resource or NotResource value: an ARN with `*`/`?` wildcards and, in 2012-10-17 documents,
/// policy variables. A class, so that matching a request walks references, not copies.
public final class ResourcePattern: Sendable, Equatable {
    public let text: String
    public let hasVariables: Bool
    /// `*`: every resource.
    public let matchesAll: Bool
    /// The UTF-8 of `text`, matched against the request's resource without a String per statement.
    let bytes: [UInt8]

    public init(_ text: String) {
        self.text = text
        self.hasVariables = text.contains("${")
        self.matchesAll = text == "*"
        self.bytes = Array(text.utf8)
    }

    public static func == (a: ResourcePattern, b: ResourcePattern) -> Bool { a.text == b.text }
}

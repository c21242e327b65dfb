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

/// One statement of a policy, with its Action/NotAction resolved to a set of S3 actions.
public struct PolicyStatement: Sendable {
    public var sid: String?
    /// How logs and decisions name the statement: its Sid, else its position (`Statement[2]`).
    public var label: String
    public var allows: Bool
    /// Nil in identity and session policies, which have no Principal.
    public var principals: PolicyPrincipals?
    public var notPrincipal: Bool = false
    public var actions: S3ActionSet
    public var notAction: Bool = false
    public var resources: [ResourcePattern]
    public var notResource: Bool = false
    public var conditions: [PolicyCondition] = []

    public init(sid: String?, label: String, allows: Bool, principals: PolicyPrincipals?, actions: S3ActionSet,
                resources: [ResourcePattern]) {
        self.sid = sid
        self.label = label
        self.allows = allows
        self.principals = principals
        self.actions = actions
        self.resources = resources
    }
}

/// A statement's Principal: everyone (`"*"` or `{"AWS": "*"}`), or named ARNs, account ids, access
/// keys and canonical user ids, compared exactly.
public struct PolicyPrincipals: Sendable, Equatable {
    public var everyone = false
    /// `AWS` values: ARNs, 12-digit account ids, access keys.
    public var aws: Set<String> = []
    public var canonicalUsers: Set<String> = []
    /// `Service` and `Federated` values: kept for GetBucketPolicyStatus, never matched by a request here.
    public var services: [String] = []

    public init() {}
}

/// A Resource or NotResource value: an ARN with `*`/`?` wildcards and, in 2012-10-17 documents,
/// policy variables.
public struct ResourcePattern: Sendable, Equatable {
    public var text: String
    public var hasVariables: Bool
    public init(_ text: String) {
        self.text = text
        self.hasVariables = text.contains("${")
    }
}

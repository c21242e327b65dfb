/// Who is asking, as a bucket policy's Principal element sees them. A class: every statement of a
/// policy looks at it.
public final class PolicyRequester: Sendable {
    /// The values a Principal names this requester by (ARNs, access key): any one matching is a match.
    public let ids: [String]
    /// The requester's own session ARN, if it is a role session: a statement naming it applies
    /// "directly", beyond any session policy (IAM User Guide, "Session policies").
    public let sessionARN: String?
    /// The account's ids (`000000000000`, `arn:aws:iam::000000000000:root`): a Principal naming the
    /// account delegates to the account's identity policies, so it grants only the root user itself,
    /// but it denies everyone in the account.
    public let accountIDs: [String]
    /// The canonical user id (a `CanonicalUser` principal), nil for anonymous requests.
    public let canonicalUser: String?

    public init(ids: [String], sessionARN: String? = nil, accountIDs: [String] = [], canonicalUser: String? = nil) {
        self.ids = ids
        self.sessionARN = sessionARN
        self.accountIDs = accountIDs
        self.canonicalUser = canonicalUser
    }

    /// An anonymous request: matched only by `"*"`.
    public static let anonymous = PolicyRequester(ids: [])
}

/// One request as a policy sees it: one action on one resource.
public struct PolicyRequest {
    public var action: S3Action {
        didSet { actionBit = action.bit }
    }
    /// The action's position in `S3ActionSet`.
    var actionBit: Int
    /// `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key` (`*` for account actions), as UTF-8.
    public let resourceBytes: [UInt8]
    /// The resource as text (made when a policy variable needs it).
    public var resource: String { String(decoding: resourceBytes, as: UTF8.self) }
    /// Nil when evaluating identity or session policies (they have no Principal).
    public var requester: PolicyRequester?
    public var context: PolicyContext

    public init(action: S3Action, resource: String, requester: PolicyRequester?, context: PolicyContext) {
        self.init(action: action, resourceBytes: Array(resource.utf8), requester: requester, context: context)
    }

    public init(action: S3Action, resourceBytes: [UInt8], requester: PolicyRequester?, context: PolicyContext) {
        self.action = action
        self.actionBit = action.bit
        self.resourceBytes = resourceBytes
        self.requester = requester
        self.context = context
    }
}

/// What a policy says about a request.
public enum PolicyVerdict: Equatable, Sendable {
    /// No statement applies.
    case none
    /// An Allow applies (the first one's label). `direct`: its Principal named the requester's session ARN.
    case allow(String, direct: Bool)
    /// A Deny applies (its label). Explicit denies win over every allow.
    case deny(String)

    public var isDeny: Bool { if case .deny = self { return true } else { return false } }
    public var isAllow: Bool { if case .allow = self { return true } else { return false } }
}

extension Policy {
    /// Evaluates every statement: any applicable Deny is the answer; otherwise an applicable Allow;
    /// otherwise `.none` (IAM User Guide, "Policy evaluation logic": "an explicit deny in any policy
    /// overrides any allows").
    ///
    /// `denyOnly`: the caller is allowed anyway (root) and asks only whether a Deny applies, so Allow
    /// statements are not looked at.
    public func evaluate(_ request: PolicyRequest, denyOnly: Bool = false) -> PolicyVerdict {
        let variables = substitutesVariables
        let hasSession = request.requester?.sessionARN != nil
        return request.resourceBytes.withUnsafeBufferPointer { resource in
            var allowed: PolicyVerdict = .none
            var allowedDirect = false
            for statement in statements {
                if statement.allows {
                    if denyOnly { continue }
                    // Once allowed, only a Deny (or, for a role session, a statement naming the
                    // session) can change the answer.
                    if allowed != .none && (allowedDirect || !hasSession) { continue }
                }
                guard let direct = statement.applies(to: request, resource: resource, variables: variables) else { continue }
                if !statement.allows { return .deny(statement.label) }
                if allowed == .none || direct {
                    allowed = .allow(statement.label, direct: direct)
                    allowedDirect = direct
                }
            }
            return allowed
        }
    }

    /// Whether any statement could deny: lets a caller that is allowed anyway skip evaluation.
    public var hasDeny: Bool { statements.contains { !$0.allows } }
}

extension PolicyStatement {
    /// Nil when the statement does not apply; otherwise whether its Principal named the requester's
    /// session ARN.
    func applies(to r: PolicyRequest, resource: UnsafeBufferPointer<UInt8>, variables: Bool) -> Bool? {
        // Cheapest tests first: a bit, then bytes, then principals (hashing), then conditions.
        guard actions.contains(bit: r.actionBit) != notAction else { return nil }
        guard matchesResource(r, resource, variables: variables) != notResource else { return nil }
        var direct = false
        if let principals {
            guard let requester = r.requester else { return nil }
            let (matched, viaSession) = principals.match(requester, deny: !allows)
            guard matched != notPrincipal else { return nil }
            direct = viaSession && !notPrincipal
        }
        for condition in conditions where !condition.holds(r.context, variables: variables) { return nil }
        return direct
    }

    private func matchesResource(_ r: PolicyRequest, _ resource: UnsafeBufferPointer<UInt8>, variables: Bool) -> Bool {
        for pattern in resources {
            if pattern.matchesAll { return true }
            if variables && pattern.hasVariables {
                if let text = PolicyVariables.substitute(pattern.text, r.context), Wildcard.matches(text, r.resource) { return true }
            } else if pattern.bytes.withUnsafeBufferPointer({ Wildcard.matches($0, resource) }) {
                return true
            }
        }
        return false
    }
}

extension PolicyPrincipals {
    /// Whether the principals name `requester`, and whether through its session ARN.
    func match(_ requester: PolicyRequester, deny: Bool) -> (Bool, Bool) {
        if everyone { return (true, false) }
        if let session = requester.sessionARN, aws.contains(session) { return (true, true) }
        for id in requester.ids where aws.contains(id) { return (true, false) }
        if deny { for id in requester.accountIDs where aws.contains(id) { return (true, false) } }
        if let c = requester.canonicalUser, canonicalUsers.contains(c) { return (true, false) }
        return (false, false)
    }
}

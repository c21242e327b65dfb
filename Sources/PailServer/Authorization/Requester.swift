import PailIdentity
import PailS3

/// Who a request is, as authorization sees it: root, a configured user, a temporary session, or
/// anonymous; the account it acts for; the policies that bind it; and how policies name it.
///
/// Root and users are built once (`AccessDirectory`); a session's requester is built per request.
final class Requester: Sendable {
    enum Kind: Equatable { case anonymous, root, user, session }

    let kind: Kind
    /// The access key of the account the requester acts for (bucket ownership); empty when anonymous.
    let account: String
    /// The canonical user id of that account: ACL grants and owners name it.
    let canonicalID: String
    /// Acts with every right of `account` (root, a user, GetSessionToken credentials, or a session of a
    /// role without policies and without a session policy). A restricted session does not: grants and
    /// ownership of its account are not its own, as in AWS, where an ACL grant to an account does not
    /// reach the roles of that account.
    let actsAsAccount: Bool
    /// The user's or the role's identity policies (nil: none configured; a restricted session of a
    /// role without policies is limited by its session policy alone).
    let identityPolicies: [Policy]?
    /// The session policy the session was issued with.
    let sessionPolicy: Policy?
    /// How a bucket policy's Principal names the requester.
    let policyRequester: PolicyRequester
    /// `aws:PrincipalArn`, `aws:username`, `aws:userid`, `aws:PrincipalType`.
    let arn: String?
    let userName: String?
    let userID: String
    let principalType: String
    /// What the access log calls the requester.
    let label: String

    init(kind: Kind, account: String, canonicalID: String, actsAsAccount: Bool, identityPolicies: [Policy]?,
         sessionPolicy: Policy?, policyRequester: PolicyRequester, arn: String?, userName: String?, userID: String,
         principalType: String, label: String) {
        self.kind = kind
        self.account = account
        self.canonicalID = canonicalID
        self.actsAsAccount = actsAsAccount
        self.identityPolicies = identityPolicies
        self.sessionPolicy = sessionPolicy
        self.policyRequester = policyRequester
        self.arn = arn
        self.userName = userName
        self.userID = userID
        self.principalType = principalType
        self.label = label
    }

    var isAnonymous: Bool { kind == .anonymous }
    var isRoot: Bool { kind == .root }

    /// A role session whose rights are its policies (the role's, intersected with its session policy).
    var isRestrictedSession: Bool { kind == .session && !actsAsAccount }

    static let anonymous = Requester(
        kind: .anonymous, account: "", canonicalID: Principal.anonymous.ownerID, actsAsAccount: false,
        identityPolicies: nil, sessionPolicy: nil, policyRequester: .anonymous, arn: nil, userName: nil,
        userID: "anonymous", principalType: "Anonymous", label: "anonymous")
}

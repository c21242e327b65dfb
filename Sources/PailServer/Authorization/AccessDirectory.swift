import Foundation
import Synchronization
import PailIdentity
import PailS3

/// The people authorization knows: root and the configured users (by access key, canonical id and
/// e-mail) and roles (with their policies), built once from the configuration. Makes the `Requester`
/// for an authenticated principal, and serves ACLs as their `Directory`.
// Unchecked: the dictionaries and `knownPrincipals` are filled in `init` and only read afterwards
// (a Mutex would guard nothing that changes); session policies are in their own Mutex-backed cache.
final class AccessDirectory: @unchecked Sendable {
    let rootAccessKey: String
    let identity: IdentityConfiguration
    private var requesters: [String: Requester] = [:]
    private var displayNames: [String: String] = [:]
    private var idsByEmail: [String: String] = [:]
    private var rolePolicies: [String: [Policy]] = [:]
    /// Every ARN and access key a bucket policy's Principal may name.
    private(set) var knownPrincipals: Set<String> = []
    private let sessionPolicies = SessionPolicyCache()

    init(rootAccessKey: String, identity: IdentityConfiguration) {
        self.rootAccessKey = rootAccessKey
        self.identity = identity
        let parsed = (try? identity.parsedPolicies()) ?? (users: [:], roles: [:])
        rolePolicies = parsed.roles
        let account = pailAccountID
        let accountIDs = [account, "arn:aws:iam::\(account):root"]
        let rootID = Principal.canonicalID(rootAccessKey)
        displayNames[rootID] = rootAccessKey
        requesters[rootAccessKey] = Requester(
            kind: .root, account: rootAccessKey, canonicalID: rootID, actsAsAccount: true, identityPolicies: nil,
            sessionPolicy: nil, policyRequester: PolicyRequester(ids: accountIDs + [rootAccessKey], accountIDs: accountIDs, canonicalUser: rootID),
            arn: "arn:aws:iam::\(account):root", userName: nil, userID: account, principalType: "Account", label: "root")
        knownPrincipals.formUnion(accountIDs + [rootAccessKey])
        for u in identity.users {
            let id = Principal.canonicalID(u.accessKey)
            displayNames[id] = u.displayName ?? u.accessKey
            if let email = u.email { idsByEmail[email.lowercased()] = id }
            let names = Set([u.arn, "arn:aws:iam::\(account):user/\(u.accessKey)", u.accessKey])
            knownPrincipals.formUnion(names)
            requesters[u.accessKey] = Requester(
                kind: .user, account: u.accessKey, canonicalID: id, actsAsAccount: true, identityPolicies: parsed.users[u.accessKey],
                sessionPolicy: nil, policyRequester: PolicyRequester(ids: Array(names), accountIDs: accountIDs, canonicalUser: id),
                arn: u.arn, userName: u.name, userID: u.accessKey, principalType: "User", label: "user \(u.name)")
        }
        for r in identity.roles + [identity.imdsRole] {
            knownPrincipals.insert(r.resolvedARN)
            knownPrincipals.insert("arn:aws:iam::\(account):role/\(r.name)")
        }
    }

    /// Whether a bucket policy may name `value` as an `AWS` principal: an ARN or access key of root,
    /// a configured user or role, an assumed-role session of a configured role, or any other account.
    func isKnownPrincipal(_ value: String) -> Bool {
        guard Policy.isWellFormedPrincipal(value) else { return false }
        if knownPrincipals.contains(value) { return true }
        let parts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return false }
        // Another account's principals cannot be checked here: S3 accepts them, and they match nobody.
        if parts[4] != Substring(pailAccountID) { return true }
        if value.hasPrefix("arn:aws:sts::"), parts[5].hasPrefix("assumed-role/") {
            let rest = parts[5].dropFirst("assumed-role/".count).split(separator: "/")
            return rest.count == 2 && identity.role(arn: String(rest[0])) != nil
        }
        return false
    }

    /// The requester for an authenticated principal (`nil` never: unknown keys fail authentication).
    func requester(_ auth: AuthContext) -> Requester {
        if auth.isAnonymous { return .anonymous }
        let p = auth.principal
        guard let session = p.session else {
            return requesters[p.accessKey] ?? Requester.anonymous
        }
        return sessionRequester(p, session)
    }

    private func sessionRequester(_ p: Principal, _ s: SessionClaims) -> Requester {
        let parent = requesters[s.account]
        let sessionPolicy = s.policy.map { sessionPolicies.policy($0) }
        guard let roleName = s.role else {
            // GetSessionToken: the credentials act as the user (or root) that asked for them.
            guard let parent else { return .anonymous }
            return parent
        }
        let role = identity.role(arn: roleName) ?? Role(name: roleName)
        let account = pailAccountID
        let roleARN = role.resolvedARN
        let sessionARN = "arn:aws:sts::\(account):assumed-role/\(role.name)/\(s.sessionName)"
        let policies = rolePolicies[role.name]
        let restricted = policies != nil || sessionPolicy != nil
        var ids = [roleARN, "arn:aws:iam::\(account):role/\(role.name)", p.session?.accessKey ?? ""]
        if !restricted, let parent { ids += parent.policyRequester.ids }
        return Requester(
            kind: .session, account: p.accessKey, canonicalID: p.ownerID, actsAsAccount: !restricted,
            identityPolicies: policies, sessionPolicy: sessionPolicy,
            policyRequester: PolicyRequester(ids: ids, sessionARN: sessionARN, accountIDs: [account, "arn:aws:iam::\(account):root"],
                                             canonicalUser: restricted ? nil : p.ownerID),
            arn: roleARN, userName: nil, userID: role.roleID + ":" + s.sessionName, principalType: "AssumedRole",
            label: "session \(role.name)/\(s.sessionName)")
    }

    /// Whether the role's configured policies exist (nil: none configured).
    func policies(ofRole name: String) -> [Policy]? { rolePolicies[name] }

    /// The ACL directory: known canonical ids, e-mail lookup, display names.
    var aclDirectory: AccessControlList.Directory {
        AccessControlList.Directory(isKnownID: { [displayNames] in displayNames[$0] != nil },
                                    idForEmail: { [idsByEmail] in idsByEmail[$0.lowercased()] },
                                    displayName: { [displayNames] in displayNames[$0] })
    }
}

/// Session policies by their text, parsed once: a session presents the same policy on every request.
final class SessionPolicyCache: Sendable {
    private let parsed = Mutex<[String: Policy]>([:])

    func policy(_ text: String) -> Policy {
        if let p = parsed.withLock({ $0[text] }) { return p }
        // It was checked when the session was issued; should it not parse now, it allows nothing.
        let p = (try? Policy.parse(Array(text.utf8), kind: .session)) ?? Policy(version: "2012-10-17", statements: [])
        parsed.withLock { parsed in
            if parsed.count > 1024 { parsed.removeAll() }
            parsed[text] = p
        }
        return p
    }
}

import PailIdentity
import PailS3
import PailStorage

extension AccessDecision {
    static let fastRoot = "root"
    static let fastOwner = "owner"
}

extension Authorizer {
    /// Decides one check (IAM User Guide, "Policy evaluation logic").
    /// `loaded`: the settings of the request's bucket, when the caller has them already.
    func decide(_ c: AccessCheck, _ r: S3Request, _ q: Requester, loaded: BucketAccess? = nil) throws -> AccessDecision {
        guard let bucketName = c.bucket, c.action != .createBucket, !gatewayMode else { return accountDecision(c, r, q) }
        let b: BucketAccess
        do {
            if let loaded, loaded.name == bucketName { b = loaded } else { b = try access(bucketName) }
        } catch StorageError.noSuchBucket {
            // No bucket, nothing to protect: the handler answers NoSuchBucket, as S3 does. An
            // anonymous request is refused instead, as Pail always refused unsigned requests: it
            // does not learn which names exist.
            return q.isAnonymous ? .deny("no-such-bucket") : .allow("no-such-bucket")
        }
        if let fast = fastDecision(b, q) { return fast }
        let isOwner = q.actsAsAccount && q.account == b.owner
        guard let action = c.action else {
            return q.isRoot || isOwner ? .allow("owner") : .deny("implicit")
        }
        var context: RequestPolicyContext?
        var resource: [UInt8] = []
        func request(_ who: PolicyRequester?) -> PolicyRequest {
            if context == nil {
                context = RequestPolicyContext(request: r, requester: q, check: c, store: store, region: region)
                resource = c.resourceBytes
            }
            return PolicyRequest(action: action, resourceBytes: resource, requester: who, context: context!)
        }

        // 1. An explicit Deny anywhere wins.
        var identityAllow: String?
        for (i, policy) in (q.identityPolicies ?? []).enumerated() {
            switch policy.evaluate(request(nil)) {
            case .deny(let label): return .deny("identity-policy[\(i)]:" + label)
            case .allow(let label, _): if identityAllow == nil { identityAllow = "[\(i)]:" + label }
            case .none: break
            }
        }
        var sessionAllow: String?
        if let policy = q.sessionPolicy {
            switch policy.evaluate(request(nil)) {
            case .deny(let label): return .deny("session-policy:" + label)
            case .allow(let label, _): sessionAllow = label
            case .none: break
            }
        }
        var bucketVerdict = PolicyVerdict.none
        if let policy = b.policy {
            // Root is allowed anyway: only a Deny can change its answer.
            bucketVerdict = policy.evaluate(request(q.policyRequester), denyOnly: q.isRoot)
            if case .deny(let label) = bucketVerdict {
                // The owning account's root can always manage the policy, so a bucket cannot be locked
                // for good (S3 User Guide, "I accidentally denied everyone access to my bucket").
                let recovery = [.getBucketPolicy, .putBucketPolicy, .deleteBucketPolicy].contains(action)
                    && (q.isRoot || (q.kind == .user && q.account == b.owner))
                if !recovery { return .deny("bucket-policy:" + label) }
            }
        }

        // 2. Root may do everything.
        if q.isRoot { return .allow("root") }

        // 3. Identity policies.
        if q.kind == .user, let label = identityAllow { return .allow("identity-policy" + label) }
        if q.isRestrictedSession {
            let roleAllows = q.identityPolicies == nil || identityAllow != nil
            let sessionAllows = q.sessionPolicy == nil || sessionAllow != nil
            if roleAllows && sessionAllows {
                return .allow(identityAllow.map { "identity-policy" + $0 } ?? "session-policy:" + (sessionAllow ?? ""))
            }
        }
        // A session policy limits whatever else would allow, unless a bucket policy names the session.
        let sessionPermits = q.sessionPolicy == nil || sessionAllow != nil

        // 4. Ownership: the bucket owner's account may do everything with its bucket, and with the
        // objects it owns.
        var objectACL: AccessControlList?
        if isOwner {
            if !c.onObject || b.aclsDisabled || !b.objectACLs { return .allow("owner") }
            let acl = self.objectACL(c, b)
            objectACL = acl
            if acl.owner == q.canonicalID { return .allow("owner") }
        }

        // 5. The bucket policy. RestrictPublicBuckets: with a public policy, only the account's own
        // principals have access to the bucket.
        let restricted = q.isAnonymous && b.policyIsPublic && b.publicAccessBlock?.restrictPublicBuckets == true
        if restricted { return .deny("RestrictPublicBuckets") }
        if case .allow(let label, let direct) = bucketVerdict, direct || sessionPermits {
            return .allow("bucket-policy:" + label)
        }

        // 6. ACLs, unless disabled (BucketOwnerEnforced) or ignored when public (IgnorePublicAcls).
        if let permission = c.permission, !b.aclsDisabled, sessionPermits {
            let acl = c.onObject ? (objectACL ?? self.objectACL(c, b)) : b.acl
            if c.onObject, q.actsAsAccount, acl.owner == q.canonicalID, permission == .readACP || permission == .writeACP {
                return .allow("object-owner")
            }
            let ignorePublic = b.publicAccessBlock?.ignorePublicAcls == true
            let grant = acl.grants(permission) { grantee in
                switch grantee {
                case .canonicalUser(let id): return q.actsAsAccount && id == q.canonicalID
                case .group(ACLGrantee.allUsersURI): return !ignorePublic
                case .group(ACLGrantee.authenticatedUsersURI): return !ignorePublic && !q.isAnonymous
                case .group: return false
                }
            }
            if let grant { return .allow("acl:" + grant.permission.rawValue + ":" + Self.name(grant.grantee)) }
        }
        return .deny("implicit")
    }

    /// Fast paths: root without a Deny to consider; the owner of a bucket that nothing else governs.
    func fastDecision(_ b: BucketAccess, _ q: Requester) -> AccessDecision? {
        if q.isRoot && !b.policyHasDeny { return .allow(AccessDecision.fastRoot) }
        if q.actsAsAccount && q.account == b.owner && b.isPlain && q.identityPolicies == nil {
            return .allow(AccessDecision.fastOwner)
        }
        return nil
    }

    /// ListAllMyBuckets and CreateBucket, and every request in gateway mode: the account's principals,
    /// restricted sessions through their policies, never anonymous requests.
    private func accountDecision(_ c: AccessCheck, _ r: S3Request, _ q: Requester) -> AccessDecision {
        if q.isAnonymous { return .deny("implicit") }
        if q.isRoot { return .allow(AccessDecision.fastRoot) }
        guard let action = c.action else { return .deny("implicit") }
        if q.identityPolicies == nil && q.sessionPolicy == nil { return .allow("account") }
        let context = RequestPolicyContext(request: r, requester: q, check: c, store: store, region: region)
        let request = PolicyRequest(action: action, resourceBytes: c.resourceBytes, requester: nil, context: context)
        var identityAllow: String?
        for (i, policy) in (q.identityPolicies ?? []).enumerated() {
            switch policy.evaluate(request) {
            case .deny(let label): return .deny("identity-policy[\(i)]:" + label)
            case .allow(let label, _): if identityAllow == nil { identityAllow = "[\(i)]:" + label }
            case .none: break
            }
        }
        var sessionAllow: String?
        if let policy = q.sessionPolicy {
            switch policy.evaluate(request) {
            case .deny(let label): return .deny("session-policy:" + label)
            case .allow(let label, _): sessionAllow = label
            case .none: break
            }
        }
        if q.actsAsAccount { return .allow("account") }
        let roleAllows = q.identityPolicies == nil || identityAllow != nil
        let sessionAllows = q.sessionPolicy == nil || sessionAllow != nil
        guard roleAllows && sessionAllows else { return .deny("implicit") }
        return .allow(identityAllow.map { "identity-policy" + $0 } ?? "session-policy:" + (sessionAllow ?? ""))
    }

    /// The ACL of the object a check is about: its own if it has one, else the default (the bucket
    /// owner's). A missing object has the default.
    func objectACL(_ c: AccessCheck, _ b: BucketAccess) -> AccessControlList {
        guard b.objectACLs, let key = c.key,
              let info = try? store.head(bucket: b.name, key: key, version: c.version) else { return .ownerOnly(b.ownerID) }
        return info.metadata.acl ?? .ownerOnly(b.ownerID)
    }

    static func name(_ grantee: ACLGrantee) -> String {
        switch grantee {
        case .canonicalUser(let id): return "id=" + id.prefix(12)
        case .group(let uri): return String(uri.split(separator: "/").last ?? Substring(uri))
        }
    }
}

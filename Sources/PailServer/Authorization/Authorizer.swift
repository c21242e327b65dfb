import Foundation
import PailIdentity
import PailS3
import PailStorage

/// The authorization step of the pipeline, after authentication and before the handler: decides
/// whether the requester may do what the request asks, against the requester's identity policies
/// and the bucket's cached ACL, ownership setting, public access block and policy, so that handlers
/// never re-check who may do what. Refusals are AccessDenied.
///
/// The order follows AWS (IAM User Guide, "Policy evaluation logic"; S3 User Guide, "How Amazon S3
/// authorizes a request"): an explicit Deny in any policy wins; root may do everything; otherwise an
/// allow from the identity policies, from ownership, from the bucket policy or from an ACL grant
/// suffices (Pail has one account, so no request is cross-account); anonymous requests only through
/// the bucket policy or ACLs.
// Unchecked: `gatewayMode` is set while `PailServer.init` assembles the service (S3Service.gateway's
// didSet), before any listener starts, and only read afterwards; every other member is Sendable.
final class Authorizer: @unchecked Sendable {
    let store: ObjectStore
    let directory: AccessDirectory
    /// Each bucket's access settings, read once (invalidated on every change, creation and deletion).
    let cache = SettingCache<BucketAccess>()
    let region: String
    /// New buckets get AWS's post-2023 defaults: BucketOwnerEnforced and every public access block.
    let awsDefaults: Bool
    /// Record each decision on the request for the access log.
    let recordsDecisions: Bool
    /// Gateway mode (`--upstream`): buckets live upstream, so there are no local ACLs, policies or
    /// owners to read. Requests are decided on who asks alone: anonymous ones are refused, root and
    /// the users may do what their identity policies do not deny, restricted sessions what their
    /// policies allow; the upstream decides the rest.
    var gatewayMode = false

    init(store: ObjectStore, directory: AccessDirectory, region: String, awsDefaults: Bool, recordsDecisions: Bool) {
        self.store = store
        self.directory = directory
        self.region = region
        self.awsDefaults = awsDefaults
        self.recordsDecisions = recordsDecisions
    }

    /// The bucket's access settings (cached). Throws `StorageError.noSuchBucket`.
    func access(_ bucket: String) throws -> BucketAccess {
        // `load` throws for a missing bucket, so a cached value is never nil.
        guard let b = try cache.value(bucket, load: { try BucketAccess.load(bucket, store: store, directory: directory) }) else {
            throw StorageError.noSuchBucket
        }
        return b
    }

    /// Forgets what is cached for `bucket`: after any change to its access settings, and when it is
    /// created or deleted.
    func invalidate(_ bucket: String) { cache.invalidate(bucket) }

    /// The pipeline step. Throws AccessDenied (or, for a write asking for an ACL, the error S3 gives
    /// that ACL) and records the decision on the request.
    func authorize(_ r: S3Request) throws {
        let auth: AuthContext = r.auth
        let (done, loaded) = rootFastPath(r, auth)
        if done { return }
        guard let plan = AccessPlan(r) else { return }
        let requester = directory.requester(auth)
        // DeleteObjects is decided key by key; the request itself needs nothing (a requester who may
        // delete nothing gets each key back as AccessDenied).
        let decision = plan.perKeyDelete ? AccessDecision.allow("per-key") : try decide(plan.main, r, requester, loaded: loaded)
        guard decision.allowed else { throw denied(r, decision) }
        var logged = decision
        if let source = plan.copySource {
            let d = try decide(source, r, requester)
            guard d.allowed else { throw denied(r, AccessDecision.deny("copy-source " + d.reason)) }
            if recordsDecisions { logged.reason += ", copy-source " + d.reason }
        }
        if plan.perKeyDelete, !gatewayMode, let bucket = r.bucket, let b = try? access(bucket), fastDecision(b, requester) == nil {
            r.access.deleteGate = deleteGate(r, requester, template: plan.main)
        }
        switch r.operation {
        case .putObject, .copyObject, .createMultipartUpload:
            if !gatewayMode { r.access.objectACL = try objectWriteACL(r, requester) }
        default: break
        }
        if recordsDecisions { r.access.decision = logged.logText + " by " + requester.label }
    }

    /// Root on an existing bucket whose policy has no Deny: allowed, with nothing to look up (the
    /// common case of a single-user test suite, measured by bench/run.py).
    /// Returns whether the request is decided, and the bucket's access settings if they were read.
    private func rootFastPath(_ r: S3Request, _ auth: AuthContext) -> (Bool, BucketAccess?) {
        guard auth.principal.session == nil, !auth.isAnonymous, auth.principal.accessKey == directory.rootAccessKey,
              let bucket = r.bucket else { return (false, nil) }
        if gatewayMode { return (true, nil) }
        switch r.operation {
        case .createBucket, .putObject, .copyObject, .uploadPartCopy, .createMultipartUpload, .deleteObjects, .unknown,
             .postObject, .optionsObject:
            // Writes that carry an ACL, a copy's source bucket, per-key deletes: the full path.
            return (false, nil)
        default:
            guard let b = try? access(bucket) else { return (false, nil) }
            guard !b.policyHasDeny else { return (false, b) }
            if recordsDecisions { r.access.decision = "allow root by root" }
            return (true, b)
        }
    }

    private func denied(_ r: S3Request, _ d: AccessDecision) -> S3Error {
        if recordsDecisions { r.access.decision = d.logText + " by " + directory.requester(r.auth).label }
        return S3Error.accessDenied()
    }

    /// Each key of a DeleteObjects on its own: s3:DeleteObject (s3:DeleteObjectVersion with a version).
    private func deleteGate(_ r: S3Request, _ q: Requester, template: AccessCheck) -> (String, VersionSelector) -> S3Error? {
        { [self] key, version in
            var check = template
            check.key = key
            check.version = version
            if version != .latest { check.action = .deleteObjectVersion }
            let d = (try? decide(check, r, q)) ?? .deny("error")
            return d.allowed ? nil : S3Error.accessDenied()
        }
    }
}

extension Authorizer {
    /// Whether the request's requester may do `check` as well as what the request itself asked: for
    /// permissions a handler needs beyond the operation's own (s3:BypassGovernanceRetention).
    /// Root outside a session may do everything.
    func permits(_ check: AccessCheck, _ r: S3Request) -> Bool {
        let auth: AuthContext = r.auth
        if auth.principal.session == nil, !auth.isAnonymous, auth.principal.accessKey == directory.rootAccessKey { return true }
        return (try? decide(check, r, directory.requester(auth)).allowed) ?? false
    }
}

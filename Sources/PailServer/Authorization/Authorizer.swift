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
final class Authorizer: @unchecked Sendable {
    let store: ObjectStore
    let directory: AccessDirectory
    let cache = BucketAccessCache()
    let region: String
    /// New buckets get AWS's post-2023 defaults: BucketOwnerEnforced and every public access block.
    let awsDefaults: Bool
    /// Record each decision on the request for the access log.
    let recordsDecisions: Bool

    init(store: ObjectStore, directory: AccessDirectory, region: String, awsDefaults: Bool, recordsDecisions: Bool) {
        self.store = store
        self.directory = directory
        self.region = region
        self.awsDefaults = awsDefaults
        self.recordsDecisions = recordsDecisions
    }

    /// The bucket's access settings (cached). Throws `StorageError.noSuchBucket`.
    func access(_ bucket: String) throws -> BucketAccess {
        try cache.access(bucket) { try BucketAccess.load(bucket, store: store, directory: directory) }
    }

    /// Forgets what is cached for `bucket`: after any change to its access settings, and when it is
    /// created or deleted.
    func invalidate(_ bucket: String) { cache.invalidate(bucket) }

    /// The pipeline step. Throws AccessDenied (or, for a write asking for an ACL, the error S3 gives
    /// that ACL) and records the decision on the request.
    func authorize(_ r: S3Request) throws {
        guard let plan = AccessPlan(r) else { return }
        let requester = directory.requester(r.auth)
        // DeleteObjects is decided key by key; the request itself needs nothing (a requester who may
        // delete nothing gets each key back as AccessDenied).
        let decision = plan.perKeyDelete ? AccessDecision.allow("per-key") : try decide(plan.main, r, requester)
        guard decision.allowed else { throw denied(r, decision) }
        var logged = decision
        if let source = plan.copySource {
            let d = try decide(source, r, requester)
            guard d.allowed else { throw denied(r, AccessDecision.deny("copy-source " + d.reason)) }
            if recordsDecisions { logged.reason += ", copy-source " + d.reason }
        }
        if plan.perKeyDelete, let bucket = r.bucket, let b = try? access(bucket), fastDecision(b, requester) == nil {
            r.access.deleteGate = deleteGate(r, requester, template: plan.main)
        }
        switch r.operation {
        case .putObject, .copyObject, .createMultipartUpload:
            r.access.objectACL = try objectWriteACL(r, requester)
        default: break
        }
        if recordsDecisions { r.access.decision = logged.logText + " by " + requester.label }
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

import Foundation
import PailHTTP
import PailS3
import PailStorage

/// ACLs that writes ask for: the new object's owner and ACL (PutObject, CopyObject,
/// CreateMultipartUpload) and a new bucket's settings (CreateBucket).
extension Authorizer {
    /// The ACL the new object gets (nil: the default, owned by the bucket owner with FULL_CONTROL),
    /// from `x-amz-acl` / `x-amz-grant-*` and the bucket's Object Ownership (S3 User Guide,
    /// "Controlling ownership of objects"): with ObjectWriter the writer owns the object; with
    /// BucketOwnerPreferred the bucket owner does when the writer sends bucket-owner-full-control;
    /// with BucketOwnerEnforced the bucket owner always does, and asking for any other ACL is
    /// AccessControlListNotSupported. BlockPublicAcls refuses a public ACL (AccessDenied).
    func objectWriteACL(_ r: S3Request, _ q: Requester, bucket: String? = nil,
                        header: ((String) -> String?)? = nil) throws -> AccessControlList? {
        guard let bucket = bucket ?? r.bucket, let b = try? access(bucket) else { return nil }
        let asked = try ACLHeaders.parse(header ?? { r.headers[$0] }, directory: directory.aclDirectory)
        if b.aclsDisabled {
            if let asked, !Self.isOwnerOnly(asked) { throw S3Error.accessControlListNotSupported() }
            return nil
        }
        let writer = q.canonicalID
        var owner = writer
        if b.ownership == .bucketOwnerPreferred, asked == .canned(.bucketOwnerFullControl) { owner = b.ownerID }
        let acl = asked.map { ACLHeaders.acl($0, owner: owner, bucketOwner: b.ownerID) } ?? .ownerOnly(owner)
        if acl.isPublic, b.publicAccessBlock?.blockPublicAcls == true {
            if recordsDecisions { r.access.decision = "deny BlockPublicAcls" }
            throw S3Error.accessDenied()
        }
        if acl == .ownerOnly(b.ownerID) { return nil }
        try markObjectACLs(b)
        return acl
    }

    /// POST Object: the form's signer writes `key` as a PutObject would (s3:PutObject, bucket WRITE),
    /// and the form's `acl` field is its `x-amz-acl`. Returns the ACL the object gets (nil: default).
    func authorizeFormUpload(_ r: S3Request, bucket: String, key: String, acl: String?) throws -> AccessControlList? {
        let requester = directory.requester(r.auth)
        let check = AccessCheck(action: .putObject, bucket: bucket, key: key, permission: .write)
        let decision = try decide(check, r, requester)
        if recordsDecisions { r.access.decision = decision.logText + " by " + requester.label }
        guard decision.allowed else { throw S3Error.accessDenied() }
        return try objectWriteACL(r, requester, bucket: bucket) { $0 == "x-amz-acl" ? acl : nil }
    }

    /// Records that the bucket holds an object with an ACL of its own, before that object is stored.
    func markObjectACLs(_ b: BucketAccess) throws {
        guard !b.objectACLs else { return }
        try store.setBucketSetting(b.name, BucketSettingName.objectACLs, Array("true".utf8))
        invalidate(b.name)
    }

    /// Whether an ACL request gives FULL_CONTROL to the owner alone, as BucketOwnerEnforced accepts
    /// ("bucket-owner-full-control", or "private").
    static func isOwnerOnly(_ asked: ACLHeaders.Request) -> Bool {
        switch asked {
        case .canned(let c): return c == .bucketOwnerFullControl || c == .private
        case .grants: return false
        }
    }

    /// What a CreateBucket asks for beyond the bucket: an ACL, `x-amz-object-ownership`, and, with
    /// `awsDefaults`, BucketOwnerEnforced and all four public access blocks. Checked before the
    /// bucket is created, so a refused request creates nothing.
    struct BucketCreation {
        var acl: ACLHeaders.Request?
        var ownership: ObjectOwnership?
        var publicAccessBlock: PublicAccessBlock?
    }

    func prepareBucketCreation(_ r: S3Request) throws -> BucketCreation {
        let asked = try ACLHeaders.parse({ r.headers[$0] }, directory: directory.aclDirectory)
        var ownership: ObjectOwnership?
        if let header = r.headers["x-amz-object-ownership"] {
            guard let value = ObjectOwnership(rawValue: header.trimmingCharacters(in: .whitespaces)) else {
                throw S3Error.invalidArgument("Invalid x-amz-object-ownership header: \(header)", name: "x-amz-object-ownership", value: header)
            }
            ownership = value
        }
        if ownership == nil, awsDefaults { ownership = .bucketOwnerEnforced }
        let block: PublicAccessBlock? = awsDefaults ? .all : nil
        if ownership == .bucketOwnerEnforced, let asked, !Self.isOwnerOnly(asked) {
            throw S3Error.invalidBucketAclWithObjectOwnership()
        }
        if let asked, block?.blockPublicAcls == true {
            let owner = r.auth.principal.ownerID
            if ACLHeaders.acl(asked, owner: owner, bucketOwner: owner).isPublic { throw S3Error.accessDenied() }
        }
        return BucketCreation(acl: asked, ownership: ownership, publicAccessBlock: block)
    }

    /// Stores what `prepareBucketCreation` read, once the bucket exists. A CreateBucket that found the
    /// bucket already its own (200 in us-east-1) resets only the ACL, as S3 does.
    func applyBucketCreation(_ setup: BucketCreation, bucket: String, existed: Bool) throws {
        defer { invalidate(bucket) }
        let info = try store.bucket(bucket)
        let ownerID = Principal.canonicalID(info.owner)
        let acl = setup.acl.map { ACLHeaders.acl($0, owner: ownerID, bucketOwner: ownerID) }
        try store.setBucketSetting(bucket, BucketSettingName.acl,
                                   acl == nil || acl == .ownerOnly(ownerID) ? nil : try BucketSettingCoding.encode(acl!))
        if existed { return }
        if let ownership = setup.ownership {
            try store.setBucketSetting(bucket, BucketSettingName.ownershipControls, try BucketSettingCoding.encode(ownership))
        }
        if let block = setup.publicAccessBlock {
            try store.setBucketSetting(bucket, BucketSettingName.publicAccessBlock, try BucketSettingCoding.encode(block))
        }
    }
}

import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// GetObjectAcl (with `versionId`): the version's ACL, or the default (its bucket owner's
    /// FULL_CONTROL) when it has none of its own or ACLs are disabled.
    func getObjectAcl(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        let b = try bucketAccess(bucket)
        let versionId = r.param("versionId")
        let info = try storage(bucket: bucket, key: key, versionId: versionId) {
            try store.head(bucket: bucket, key: key, version: VersionSelector(versionId))
        }
        let acl = b.aclsDisabled ? .ownerOnly(b.ownerID) : info.metadata.acl ?? .ownerOnly(b.ownerID)
        var response = S3XML.response(acl.xml(directory: authorizer.directory.aclDirectory))
        if info.versionId != nil || versionId != nil { response.headers.add("x-amz-version-id", info.versionIdOrNull) }
        return response
    }

    /// PutObjectAcl (with `versionId`): replaces the version's ACL, kept with that version. The owner
    /// stays the object's owner; ACLs disabled or BlockPublicAcls refuse as for a bucket.
    func putObjectAcl(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        let b = try bucketAccess(bucket)
        let versionId = r.param("versionId")
        let version = VersionSelector(versionId)
        let info = try storage(bucket: bucket, key: key, versionId: versionId) { try store.head(bucket: bucket, key: key, version: version) }
        let owner = b.aclsDisabled ? b.ownerID : info.metadata.acl?.owner ?? b.ownerID
        let acl = try requestedACL(r, owner: owner, bucketOwner: b.ownerID)
        if b.aclsDisabled {
            guard acl == .ownerOnly(b.ownerID) || acl == CannedACL.bucketOwnerFullControl.acl(owner: owner, bucketOwner: b.ownerID) else {
                throw S3Error.accessControlListNotSupported()
            }
        }
        if acl.isPublic, b.publicAccessBlock?.blockPublicAcls == true { throw S3Error.accessDenied() }
        let stored: AccessControlList? = b.aclsDisabled || acl == .ownerOnly(b.ownerID) ? nil : acl
        if stored != nil { try authorizer.markObjectACLs(b) }
        let updated = try storage(bucket: bucket, key: key, versionId: versionId) {
            try store.setACL(bucket: bucket, key: key, version: version, acl: stored)
        }
        var response = HTTPResponse(status: 200)
        if updated.versionId != nil { response.headers.add("x-amz-version-id", updated.versionIdOrNull) }
        return response
    }
}

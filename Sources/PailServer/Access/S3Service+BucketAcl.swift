import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// GetBucketAcl: the bucket's AccessControlPolicy. With ACLs disabled (BucketOwnerEnforced), the
    /// owner's FULL_CONTROL alone.
    func getBucketAcl(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let b = try bucketAccess(bucket)
        let acl = b.aclsDisabled ? AccessControlList.ownerOnly(b.ownerID) : b.acl
        return S3XML.response(acl.xml(directory: authorizer.directory.aclDirectory))
    }

    /// PutBucketAcl: a canned ACL, grant headers, or an AccessControlPolicy body (S3 API reference,
    /// PutBucketAcl). AccessControlListNotSupported when ACLs are disabled (unless the ACL gives the
    /// owner alone FULL_CONTROL); AccessDenied for a public ACL under BlockPublicAcls.
    func putBucketAcl(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let b = try bucketAccess(bucket)
        let acl = try requestedACL(r, owner: b.ownerID, bucketOwner: b.ownerID)
        if b.aclsDisabled, acl != .ownerOnly(b.ownerID) { throw S3Error.accessControlListNotSupported() }
        if acl.isPublic, b.publicAccessBlock?.blockPublicAcls == true { throw S3Error.accessDenied() }
        let stored = acl == .ownerOnly(b.ownerID) ? nil : try BucketSettingCoding.encode(acl)
        try storeBucketSetting(bucket, BucketSettingName.acl, stored)
        return HTTPResponse(status: 200)
    }

    /// The ACL a PutBucketAcl/PutObjectAcl asks for: from its headers or its body, never both (S3:
    /// UnexpectedContent), never neither (MissingSecurityHeader). A body naming another owner is
    /// AccessDenied: an ACL cannot give a resource away.
    func requestedACL(_ r: S3Request, owner: String, bucketOwner: String) throws -> AccessControlList {
        let directory = authorizer.directory.aclDirectory
        let fromHeaders = try ACLHeaders.parse({ r.headers[$0] }, directory: directory)
        let body = try PayloadReader(request: r).readXML(limit: 64 * 1024)
        if let fromHeaders {
            guard body.isEmpty else { throw S3Error("UnexpectedContent", 400, "This request does not support content") }
            return ACLHeaders.acl(fromHeaders, owner: owner, bucketOwner: bucketOwner)
        }
        guard !body.isEmpty else {
            throw S3Error.missingSecurityHeader("Your request was missing a required header").with("MissingHeaderName", "x-amz-acl")
        }
        let acl = try AccessControlList.parse(body, directory: directory)
        guard acl.owner == owner else { throw S3Error.accessDenied() }
        return acl
    }

    /// The bucket's access settings, or NoSuchBucket.
    func bucketAccess(_ bucket: String) throws -> BucketAccess {
        try storage(bucket: bucket) { try authorizer.access(bucket) }
    }
}


import PailHTTP
import PailS3

extension S3Service {
    /// Runs the operation the request is for.
    func route(_ r: S3Request) throws -> HTTPResponse {
        if let bucket = r.bucket { try checkBucketNameForAccess(bucket) }
        switch r.operation {
        case .listBuckets: return try listBuckets(r)
        case .createBucket: try rejectUnsupportedSubresource(r); return try createBucketWithAccess(r)
        case .headBucket: return try headBucket(r)
        case .deleteBucket: try rejectUnsupportedSubresource(r); return try deleteBucketWithAccess(r)
        case .getBucketLocation: return try getBucketLocation(r)
        case .getBucketVersioning: return try getBucketVersioning(r)
        case .putBucketVersioning: return try putBucketVersioning(r)
        case .listMultipartUploads: return try listMultipartUploads(r)
        case .listObjectsV2: try rejectUnsupportedSubresource(r); return try listObjectsV2(r)
        case .listObjects: try rejectUnsupportedSubresource(r); return try listObjectsV1(r)
        case .listObjectVersions: return try listObjectVersions(r)
        case .deleteObjects: return try deleteObjects(r)
        case .putObject: try rejectUnsupportedSubresource(r); return try putObject(r)
        case .copyObject: try rejectUnsupportedSubresource(r); return try copyObject(r)
        case .uploadPart: return try uploadPart(r)
        case .uploadPartCopy: return try uploadPartCopy(r)
        case .getObject: try rejectUnsupportedSubresource(r); return try getObject(r, head: false)
        case .headObject: return try getObject(r, head: true)
        case .getObjectAttributes: return try getObjectAttributes(r)
        case .deleteObject: return try deleteObject(r)
        case .createMultipartUpload: return try createMultipartUpload(r)
        case .completeMultipartUpload: return try completeMultipartUpload(r)
        case .abortMultipartUpload: return try abortMultipartUpload(r)
        case .listParts: return try listParts(r)
        case .getObjectTagging: return try getObjectTagging(r)
        case .putObjectTagging: return try putObjectTagging(r)
        case .deleteObjectTagging: return try deleteObjectTagging(r)
        case .getBucketTagging: return try getBucketTagging(r)
        case .putBucketTagging: return try putBucketTagging(r)
        case .deleteBucketTagging: return try deleteBucketTagging(r)
        case .getBucketLifecycleConfiguration: return try getBucketLifecycle(r)
        case .putBucketLifecycleConfiguration: return try putBucketLifecycle(r)
        case .deleteBucketLifecycle: return try deleteBucketLifecycle(r)
        case .getObjectLockConfiguration: return try getObjectLockConfiguration(r)
        case .putObjectLockConfiguration: return try putObjectLockConfiguration(r)
        case .getObjectRetention: return try getObjectRetention(r)
        case .putObjectRetention: return try putObjectRetention(r)
        case .getObjectLegalHold: return try getObjectLegalHold(r)
        case .putObjectLegalHold: return try putObjectLegalHold(r)
        case .getBucketCors: return try getBucketCors(r)
        case .putBucketCors: return try putBucketCors(r)
        case .deleteBucketCors: return try deleteBucketCors(r)
        // A form POST is answered before authentication (S3Service+Browser.swift); any other bucket POST:
        case .postObject: throw S3Error.postNotMultipart()
        case .optionsObject: return try preflight(r)
        case .getBucketAcl: return try getBucketAcl(r)
        case .putBucketAcl: return try putBucketAcl(r)
        case .getObjectAcl: return try getObjectAcl(r)
        case .putObjectAcl: return try putObjectAcl(r)
        case .getBucketPolicy: return try getBucketPolicy(r)
        case .putBucketPolicy: return try putBucketPolicy(r)
        case .deleteBucketPolicy: return try deleteBucketPolicy(r)
        case .getBucketPolicyStatus: return try getBucketPolicyStatus(r)
        case .getBucketOwnershipControls: return try getBucketOwnershipControls(r)
        case .putBucketOwnershipControls: return try putBucketOwnershipControls(r)
        case .deleteBucketOwnershipControls: return try deleteBucketOwnershipControls(r)
        case .getPublicAccessBlock: return try getPublicAccessBlock(r)
        case .putPublicAccessBlock: return try putPublicAccessBlock(r)
        case .deletePublicAccessBlock: return try deletePublicAccessBlock(r)
        case .getBucketEncryption: return try getBucketEncryption(r)
        case .putBucketEncryption: return try putBucketEncryption(r)
        case .deleteBucketEncryption: return try deleteBucketEncryption(r)
        case .unknown:
            throw S3Error.methodNotAllowed(r.method, resource: r.bucket == nil ? "SERVICE" : r.key == nil ? "BUCKET" : "OBJECT")
        default:
            throw S3Error.notImplemented("\(r.operation.rawValue) is not implemented by Pail.")
        }
    }

    /// Sub-resources S3 has but Pail does not implement get NotImplemented rather than being
    /// mistaken for the plain operation (a GET ?torrent must not return the object).
    private func rejectUnsupportedSubresource(_ r: S3Request) throws {
        for (name, _) in r.query where Self.subresources.contains(name) {
            throw S3Error.notImplemented("The \(name) sub-resource is not implemented by Pail.")
        }
    }

    static let subresources: Set<String> = Set(S3Operation.unsupportedBucketSubresources).union([
        "acl", "cors", "encryption", "ownershipControls", "policy",
        "policyStatus", "publicAccessBlock", "restore", "select",
    ])

    /// Names that can never be buckets are NoSuchBucket for access (creation reports InvalidBucketName).
    private func checkBucketNameForAccess(_ bucket: String) throws {
        if bucket.isEmpty || bucket.utf8.count > 255 { throw S3Error.noSuchBucket(bucket) }
    }
}

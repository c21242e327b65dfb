import PailS3
import PailStorage

/// One permission a request needs: an IAM action on a bucket or an object, and the ACL permission
/// that grants it (S3 User Guide, "Mapping of ACL permissions and access policy permissions").
struct AccessCheck {
    /// Nil for a request no policy can allow (a sub-resource Pail does not implement): root and the
    /// bucket owner only.
    var action: S3Action?
    /// Nil for account-level actions (ListAllMyBuckets, CreateBucket before the bucket exists).
    var bucket: String?
    var key: String?
    var version: VersionSelector = .latest
    /// The ACL permission that grants the action, if any ACL does.
    var permission: ACLPermission?
    /// Whether `permission` is looked up in the object's ACL (READ, READ_ACP, WRITE_ACP of an object)
    /// rather than the bucket's (WRITE for writes and deletes, READ for listings).
    var onObject = false

    /// The ARN the action is on: `arn:aws:s3:::bucket[/key]`, or `*` for the account.
    var resource: String { String(decoding: resourceBytes, as: UTF8.self) }

    /// `resource` as UTF-8, built in one allocation.
    var resourceBytes: [UInt8] {
        guard let bucket else { return [UInt8(ascii: "*")] }
        var out: [UInt8] = []
        out.reserveCapacity(13 + bucket.utf8.count + 1 + (key?.utf8.count ?? 0))
        out.append(contentsOf: Self.arnPrefix)
        out.append(contentsOf: bucket.utf8)
        if let key {
            out.append(UInt8(ascii: "/"))
            out.append(contentsOf: key.utf8)
        }
        return out
    }

    private static let arnPrefix = Array("arn:aws:s3:::".utf8)
}

/// What a request needs: one check, a second for a copy's source, or a check per key (DeleteObjects).
struct AccessPlan {
    var main: AccessCheck
    var copySource: AccessCheck?
    /// DeleteObjects: each key is authorized on its own (s3:DeleteObject, or s3:DeleteObjectVersion
    /// with a version id), and a refused key is reported in the result, as S3 does.
    var perKeyDelete = false

    /// The plan for `r`, or nil when the request needs no authorization (an unknown operation, which
    /// routing answers with 405).
    init?(_ r: S3Request) {
        let bucket = r.bucket, key = r.key
        let versionId = r.param("versionId")
        let versioned = versionId != nil
        let version = VersionSelector(versionId)
        func bucketCheck(_ a: S3Action?, _ p: ACLPermission? = nil) -> AccessCheck {
            AccessCheck(action: a, bucket: bucket, permission: p)
        }
        func objectCheck(_ a: S3Action?, _ p: ACLPermission? = nil, onObject: Bool = false) -> AccessCheck {
            AccessCheck(action: a, bucket: bucket, key: key, version: version, permission: p, onObject: onObject)
        }
        switch r.operation {
        // Routing answers these: 405, a POST that is not a form (412), a CORS preflight (the bucket's
        // CORS rules decide). A form upload is authorized by `Authorizer.authorizeFormUpload`.
        case .unknown, .postObject, .optionsObject: return nil
        case .listBuckets: main = AccessCheck(action: .listAllMyBuckets)
        case .createBucket: main = AccessCheck(action: .createBucket, bucket: bucket)
        case .headBucket, .listObjects, .listObjectsV2: main = bucketCheck(.listBucket, .read)
        case .listObjectVersions: main = bucketCheck(.listBucketVersions, .read)
        case .listMultipartUploads: main = bucketCheck(.listBucketMultipartUploads, .read)
        case .deleteBucket: main = bucketCheck(.deleteBucket)
        case .getBucketLocation: main = bucketCheck(.getBucketLocation)
        case .deleteObjects:
            main = bucketCheck(.deleteObject, .write)
            perKeyDelete = true
        case .getBucketVersioning: main = bucketCheck(.getBucketVersioning)
        case .putBucketVersioning: main = bucketCheck(.putBucketVersioning)
        case .getBucketTagging: main = bucketCheck(.getBucketTagging)
        case .putBucketTagging, .deleteBucketTagging: main = bucketCheck(.putBucketTagging)
        case .getBucketLifecycleConfiguration: main = bucketCheck(.getLifecycleConfiguration)
        case .putBucketLifecycleConfiguration, .deleteBucketLifecycle: main = bucketCheck(.putLifecycleConfiguration)
        case .getBucketAcl: main = bucketCheck(.getBucketAcl, .readACP)
        case .putBucketAcl: main = bucketCheck(.putBucketAcl, .writeACP)
        case .getBucketPolicy: main = bucketCheck(.getBucketPolicy)
        case .putBucketPolicy: main = bucketCheck(.putBucketPolicy)
        case .deleteBucketPolicy: main = bucketCheck(.deleteBucketPolicy)
        case .getBucketPolicyStatus: main = bucketCheck(.getBucketPolicyStatus)
        case .getBucketCors: main = bucketCheck(.getBucketCORS)
        case .putBucketCors, .deleteBucketCors: main = bucketCheck(.putBucketCORS)
        case .getBucketEncryption: main = bucketCheck(.getEncryptionConfiguration)
        case .putBucketEncryption, .deleteBucketEncryption: main = bucketCheck(.putEncryptionConfiguration)
        case .getObjectLockConfiguration: main = bucketCheck(.getBucketObjectLockConfiguration)
        case .putObjectLockConfiguration: main = bucketCheck(.putBucketObjectLockConfiguration)
        case .getBucketOwnershipControls: main = bucketCheck(.getBucketOwnershipControls)
        case .putBucketOwnershipControls, .deleteBucketOwnershipControls: main = bucketCheck(.putBucketOwnershipControls)
        case .getPublicAccessBlock: main = bucketCheck(.getBucketPublicAccessBlock)
        case .putPublicAccessBlock, .deletePublicAccessBlock: main = bucketCheck(.putBucketPublicAccessBlock)
        case .unsupportedBucketSubresource: main = bucketCheck(nil)
        case .putObject, .createMultipartUpload, .uploadPart, .completeMultipartUpload:
            main = objectCheck(.putObject, .write)
        case .copyObject, .uploadPartCopy:
            main = objectCheck(.putObject, .write)
            if let header = r.headers["x-amz-copy-source"], let source = try? CopySource(header) {
                copySource = AccessCheck(action: source.versionId == nil ? .getObject : .getObjectVersion, bucket: source.bucket,
                                         key: source.key, version: VersionSelector(source.versionId), permission: .read, onObject: true)
            }
        case .getObject, .headObject, .selectObjectContent:
            main = objectCheck(versioned ? .getObjectVersion : .getObject, .read, onObject: true)
        case .getObjectAttributes:
            main = objectCheck(versioned ? .getObjectVersionAttributes : .getObjectAttributes, .read, onObject: true)
        case .deleteObject: main = objectCheck(versioned ? .deleteObjectVersion : .deleteObject, .write)
        case .abortMultipartUpload: main = objectCheck(.abortMultipartUpload, .write)
        case .listParts: main = objectCheck(.listMultipartUploadParts, .read)
        case .getObjectTagging: main = objectCheck(versioned ? .getObjectVersionTagging : .getObjectTagging)
        case .putObjectTagging: main = objectCheck(versioned ? .putObjectVersionTagging : .putObjectTagging)
        case .deleteObjectTagging: main = objectCheck(versioned ? .deleteObjectVersionTagging : .deleteObjectTagging)
        case .getObjectAcl: main = objectCheck(versioned ? .getObjectVersionAcl : .getObjectAcl, .readACP, onObject: true)
        case .putObjectAcl: main = objectCheck(versioned ? .putObjectVersionAcl : .putObjectAcl, .writeACP, onObject: true)
        case .getObjectRetention: main = objectCheck(.getObjectRetention)
        case .putObjectRetention: main = objectCheck(.putObjectRetention)
        case .getObjectLegalHold: main = objectCheck(.getObjectLegalHold)
        case .putObjectLegalHold: main = objectCheck(.putObjectLegalHold)
        case .restoreObject: main = objectCheck(.restoreObject)
        }
    }
}

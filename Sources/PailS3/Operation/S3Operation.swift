/// The S3 API operations, named as in AWS's API reference: the one routing table, shared by the
/// server's dispatch, fault matching, the access log and (later) authorization, so that a name
/// misspelt anywhere fails to compile rather than silently matching nothing.
///
/// Operations Pail does not implement are named too: the request is routed to a clear
/// NotImplemented, logged under its real name, and fault rules can target it.
public enum S3Operation: String, CaseIterable, Sendable {
    // Service
    case listBuckets = "ListBuckets"
    // Buckets
    case createBucket = "CreateBucket"
    case headBucket = "HeadBucket"
    case deleteBucket = "DeleteBucket"
    case getBucketLocation = "GetBucketLocation"
    case listObjects = "ListObjects"
    case listObjectsV2 = "ListObjectsV2"
    case listObjectVersions = "ListObjectVersions"
    case listMultipartUploads = "ListMultipartUploads"
    case deleteObjects = "DeleteObjects"
    /// A browser upload: `POST /bucket` with a `multipart/form-data` form (AWS, "POST Object").
    case postObject = "PostObject"
    /// A CORS preflight, `OPTIONS` on a bucket or object (AWS, "OPTIONS object"); unauthenticated.
    case optionsObject = "OptionsObject"
    case getBucketVersioning = "GetBucketVersioning"
    case putBucketVersioning = "PutBucketVersioning"
    case getBucketTagging = "GetBucketTagging"
    case putBucketTagging = "PutBucketTagging"
    case deleteBucketTagging = "DeleteBucketTagging"
    case getBucketLifecycleConfiguration = "GetBucketLifecycleConfiguration"
    case putBucketLifecycleConfiguration = "PutBucketLifecycleConfiguration"
    case deleteBucketLifecycle = "DeleteBucketLifecycle"
    case getBucketAcl = "GetBucketAcl"
    case putBucketAcl = "PutBucketAcl"
    case getBucketPolicy = "GetBucketPolicy"
    case putBucketPolicy = "PutBucketPolicy"
    case deleteBucketPolicy = "DeleteBucketPolicy"
    case getBucketPolicyStatus = "GetBucketPolicyStatus"
    case getBucketCors = "GetBucketCors"
    case putBucketCors = "PutBucketCors"
    case deleteBucketCors = "DeleteBucketCors"
    case getBucketEncryption = "GetBucketEncryption"
    case putBucketEncryption = "PutBucketEncryption"
    case deleteBucketEncryption = "DeleteBucketEncryption"
    case getObjectLockConfiguration = "GetObjectLockConfiguration"
    case putObjectLockConfiguration = "PutObjectLockConfiguration"
    case getBucketOwnershipControls = "GetBucketOwnershipControls"
    case putBucketOwnershipControls = "PutBucketOwnershipControls"
    case deleteBucketOwnershipControls = "DeleteBucketOwnershipControls"
    case getPublicAccessBlock = "GetPublicAccessBlock"
    case putPublicAccessBlock = "PutPublicAccessBlock"
    case deletePublicAccessBlock = "DeletePublicAccessBlock"
    /// A bucket sub-resource S3 has and Pail does not implement (website, logging, ...).
    case unsupportedBucketSubresource = "UnsupportedBucketSubresource"
    // Objects
    case putObject = "PutObject"
    case copyObject = "CopyObject"
    case getObject = "GetObject"
    case headObject = "HeadObject"
    case deleteObject = "DeleteObject"
    case getObjectAttributes = "GetObjectAttributes"
    case getObjectTagging = "GetObjectTagging"
    case putObjectTagging = "PutObjectTagging"
    case deleteObjectTagging = "DeleteObjectTagging"
    case getObjectAcl = "GetObjectAcl"
    case putObjectAcl = "PutObjectAcl"
    case getObjectRetention = "GetObjectRetention"
    case putObjectRetention = "PutObjectRetention"
    case getObjectLegalHold = "GetObjectLegalHold"
    case putObjectLegalHold = "PutObjectLegalHold"
    case restoreObject = "RestoreObject"
    case selectObjectContent = "SelectObjectContent"
    case createMultipartUpload = "CreateMultipartUpload"
    case uploadPart = "UploadPart"
    case uploadPartCopy = "UploadPartCopy"
    case completeMultipartUpload = "CompleteMultipartUpload"
    case abortMultipartUpload = "AbortMultipartUpload"
    case listParts = "ListParts"
    /// No operation fits the method and resource (answered 405 MethodNotAllowed).
    case unknown = "Unknown"

    /// The operation for a request: `method`, whether it names a bucket and a key, and a lookup
    /// of its query parameters (`has`: present at all; `value`: the first value). `copySource`:
    /// an `x-amz-copy-source` header is present.
    public static func classify(method: String, bucket: Bool, key: Bool, copySource: Bool,
                                has: (String) -> Bool, value: (String) -> String?) -> S3Operation {
        guard bucket else { return method == "GET" ? .listBuckets : .unknown }
        guard key else { return bucketOperation(method: method, has: has, value: value) }
        switch method {
        case "OPTIONS": return .optionsObject
        case "PUT":
            if has("uploadId") && has("partNumber") { return copySource ? .uploadPartCopy : .uploadPart }
            if has("tagging") { return .putObjectTagging }
            if has("acl") { return .putObjectAcl }
            if has("retention") { return .putObjectRetention }
            if has("legal-hold") { return .putObjectLegalHold }
            return copySource ? .copyObject : .putObject
        case "GET":
            if has("uploadId") { return .listParts }
            if has("attributes") { return .getObjectAttributes }
            if has("tagging") { return .getObjectTagging }
            if has("acl") { return .getObjectAcl }
            if has("retention") { return .getObjectRetention }
            if has("legal-hold") { return .getObjectLegalHold }
            return .getObject
        case "HEAD": return .headObject
        case "DELETE":
            if has("uploadId") { return .abortMultipartUpload }
            if has("tagging") { return .deleteObjectTagging }
            return .deleteObject
        case "POST":
            if has("uploads") { return .createMultipartUpload }
            if has("uploadId") { return .completeMultipartUpload }
            if has("restore") { return .restoreObject }
            if has("select") { return .selectObjectContent }
            return .unknown
        default: return .unknown
        }
    }

    private static func bucketOperation(method: String, has: (String) -> Bool, value: (String) -> String?) -> S3Operation {
        switch method {
        case "HEAD": return .headBucket
        case "OPTIONS": return .optionsObject
        case "POST": return has("delete") ? .deleteObjects : .postObject
        case "PUT":
            if has("versioning") { return .putBucketVersioning }
            if has("tagging") { return .putBucketTagging }
            if has("lifecycle") { return .putBucketLifecycleConfiguration }
            if has("acl") { return .putBucketAcl }
            if has("policy") { return .putBucketPolicy }
            if has("cors") { return .putBucketCors }
            if has("encryption") { return .putBucketEncryption }
            if has("object-lock") { return .putObjectLockConfiguration }
            if has("ownershipControls") { return .putBucketOwnershipControls }
            if has("publicAccessBlock") { return .putPublicAccessBlock }
            if unsupportedBucketSubresources.contains(where: has) { return .unsupportedBucketSubresource }
            return .createBucket
        case "DELETE":
            if has("tagging") { return .deleteBucketTagging }
            if has("lifecycle") { return .deleteBucketLifecycle }
            if has("policy") { return .deleteBucketPolicy }
            if has("cors") { return .deleteBucketCors }
            if has("encryption") { return .deleteBucketEncryption }
            if has("ownershipControls") { return .deleteBucketOwnershipControls }
            if has("publicAccessBlock") { return .deletePublicAccessBlock }
            if unsupportedBucketSubresources.contains(where: has) { return .unsupportedBucketSubresource }
            return .deleteBucket
        case "GET":
            if has("location") { return .getBucketLocation }
            if has("uploads") { return .listMultipartUploads }
            if has("versioning") { return .getBucketVersioning }
            if has("versions") { return .listObjectVersions }
            if has("tagging") { return .getBucketTagging }
            if has("lifecycle") { return .getBucketLifecycleConfiguration }
            if has("acl") { return .getBucketAcl }
            if has("policy") { return .getBucketPolicy }
            if has("policyStatus") { return .getBucketPolicyStatus }
            if has("cors") { return .getBucketCors }
            if has("encryption") { return .getBucketEncryption }
            if has("object-lock") { return .getObjectLockConfiguration }
            if has("ownershipControls") { return .getBucketOwnershipControls }
            if has("publicAccessBlock") { return .getPublicAccessBlock }
            if unsupportedBucketSubresources.contains(where: has) { return .unsupportedBucketSubresource }
            return value("list-type") == "2" ? .listObjectsV2 : .listObjects
        default: return .unknown
        }
    }

    /// Bucket sub-resources S3 defines that have no operation here: a request naming one must not
    /// be mistaken for the plain bucket operation (a PUT ?website must not create a bucket).
    public static let unsupportedBucketSubresources = [
        "accelerate", "analytics", "intelligent-tiering", "inventory", "logging", "metrics", "notification",
        "replication", "requestPayment", "website", "torrent",
    ]

    /// Whether an operation name is one of these (case-insensitive), for validating fault rules.
    public static func isKnown(_ name: String) -> Bool {
        allCases.contains { $0.rawValue.lowercased() == name.lowercased() }
    }
}

import PailHTTP
import PailS3

extension S3Service {
    /// Picks the operation from method, addressing and sub-resources (the S3 REST API's routing table).
    func route(_ r: S3Request) throws -> HTTPResponse {
        guard let bucket = r.bucket else {
            if r.method == "GET" { return try listBuckets(r) }
            throw S3Error.methodNotAllowed(r.method, resource: "SERVICE")
        }
        try checkBucketNameForAccess(bucket)
        guard r.key != nil else { return try routeBucket(r) }
        switch r.method {
        case "PUT":
            if r.has("uploadId") && r.has("partNumber") {
                return r.headers["x-amz-copy-source"] != nil ? try uploadPartCopy(r) : try uploadPart(r)
            }
            if r.headers["x-amz-copy-source"] != nil { return try copyObject(r) }
            try rejectUnsupportedSubresource(r, allowed: [])
            return try putObject(r)
        case "GET":
            if r.has("uploadId") { return try listParts(r) }
            if r.has("attributes") { return try getObjectAttributes(r) }
            try rejectUnsupportedSubresource(r, allowed: [])
            return try getObject(r, head: false)
        case "HEAD":
            return try getObject(r, head: true)
        case "DELETE":
            if r.has("uploadId") { return try abortMultipartUpload(r) }
            return try deleteObject(r)
        case "POST":
            if r.has("uploads") { return try createMultipartUpload(r) }
            if r.has("uploadId") { return try completeMultipartUpload(r) }
            throw S3Error.methodNotAllowed(r.method, resource: "OBJECT")
        default:
            throw S3Error.methodNotAllowed(r.method, resource: "OBJECT")
        }
    }

    private func routeBucket(_ r: S3Request) throws -> HTTPResponse {
        switch r.method {
        case "PUT":
            try rejectUnsupportedSubresource(r, allowed: [])
            return try createBucket(r)
        case "HEAD":
            return try headBucket(r)
        case "DELETE":
            try rejectUnsupportedSubresource(r, allowed: [])
            return try deleteBucket(r)
        case "GET":
            if r.has("location") { return try getBucketLocation(r) }
            if r.has("uploads") { return try listMultipartUploads(r) }
            if r.has("versioning") { return try getBucketVersioning(r) }
            try rejectUnsupportedSubresource(r, allowed: [])
            return r.param("list-type") == "2" ? try listObjectsV2(r) : try listObjectsV1(r)
        case "POST":
            if r.has("delete") { return try deleteObjects(r) }
            throw S3Error.methodNotAllowed(r.method, resource: "BUCKET")
        default:
            throw S3Error.methodNotAllowed(r.method, resource: "BUCKET")
        }
    }

    /// Sub-resources S3 has but Pail does not implement get NotImplemented rather than being
    /// mistaken for the plain operation (a PUT ?tagging must not overwrite the object).
    private func rejectUnsupportedSubresource(_ r: S3Request, allowed: Set<String>) throws {
        for (name, _) in r.query where Self.subresources.contains(name) && !allowed.contains(name) {
            throw S3Error.notImplemented("The \(name) sub-resource is not implemented by Pail.")
        }
    }

    static let subresources: Set<String> = [
        "acl", "accelerate", "analytics", "cors", "encryption", "intelligent-tiering", "inventory", "legal-hold",
        "lifecycle", "logging", "metrics", "notification", "object-lock", "ownershipControls", "policy",
        "policyStatus", "publicAccessBlock", "replication", "requestPayment", "restore", "retention", "select",
        "tagging", "torrent", "versioning", "versions", "website",
    ]

    /// Names that can never be buckets are NoSuchBucket for access (creation reports InvalidBucketName).
    private func checkBucketNameForAccess(_ bucket: String) throws {
        if bucket.isEmpty || bucket.utf8.count > 255 { throw S3Error.noSuchBucket(bucket) }
    }
}

/// The S3 API operation a request is for (names as in AWS's API reference): the one routing table,
/// used to dispatch, to match fault rules and to log. `Unknown` when no operation fits.
enum S3Operation {
    static func name(for r: S3Request) -> String {
        guard r.bucket != nil else { return r.method == "GET" ? "ListBuckets" : "Unknown" }
        let has = r.has
        if r.key == nil {
            switch r.method {
            case "PUT": return "CreateBucket"
            case "HEAD": return "HeadBucket"
            case "DELETE": return "DeleteBucket"
            case "POST": return has("delete") ? "DeleteObjects" : "Unknown"
            case "GET":
                if has("location") { return "GetBucketLocation" }
                if has("uploads") { return "ListMultipartUploads" }
                if has("versioning") { return "GetBucketVersioning" }
                return r.param("list-type") == "2" ? "ListObjectsV2" : "ListObjects"
            default: return "Unknown"
            }
        }
        let copySource = r.headers["x-amz-copy-source"] != nil
        switch r.method {
        case "PUT":
            if has("uploadId") && has("partNumber") { return copySource ? "UploadPartCopy" : "UploadPart" }
            return copySource ? "CopyObject" : "PutObject"
        case "GET":
            if has("uploadId") { return "ListParts" }
            if has("attributes") { return "GetObjectAttributes" }
            return "GetObject"
        case "HEAD": return "HeadObject"
        case "DELETE": return has("uploadId") ? "AbortMultipartUpload" : "DeleteObject"
        case "POST":
            if has("uploads") { return "CreateMultipartUpload" }
            if has("uploadId") { return "CompleteMultipartUpload" }
            return "Unknown"
        default: return "Unknown"
        }
    }
}

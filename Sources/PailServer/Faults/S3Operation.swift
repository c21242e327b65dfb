/// The S3 API operation name a request is for (as in AWS's API reference), for fault rules and logs.
/// Mirrors the routing table in `S3Service+Route.swift`.
enum S3Operation {
    static func name(method: String, bucket: String?, key: String?, has: (String) -> Bool, copySource: Bool) -> String {
        guard bucket != nil else { return method == "GET" ? "ListBuckets" : "Unknown" }
        if key == nil {
            switch method {
            case "PUT": return "CreateBucket"
            case "HEAD": return "HeadBucket"
            case "DELETE": return "DeleteBucket"
            case "POST": return has("delete") ? "DeleteObjects" : "Unknown"
            case "GET":
                if has("location") { return "GetBucketLocation" }
                if has("uploads") { return "ListMultipartUploads" }
                if has("versioning") { return "GetBucketVersioning" }
                return has("list-type") ? "ListObjectsV2" : "ListObjects"
            default: return "Unknown"
            }
        }
        switch method {
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

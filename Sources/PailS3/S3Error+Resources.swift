/// The answers for a server that ran out of a resource. Both are 503, the status every AWS SDK
/// retries with backoff as transient (botocore's standard and legacy modes, the Java v2, Go v2 and
/// JavaScript v3 SDKs all retry 500, 502, 503 and 504), because both conditions pass by themselves:
/// a delete frees its files moments after it is acknowledged, idle connections close.
extension S3Error {
    /// The data directory's disk is full. The code is MinIO's for the same condition
    /// (`XMinioStorageFull`, cmd/api-errors.go), so tools that know MinIO recognise it; MinIO
    /// answers it with 507 Insufficient Storage, which no AWS SDK retries, so Pail uses 503.
    public static func storageFull() -> S3Error {
        S3Error("XMinioStorageFull", 503,
                "The server's data directory is out of space. Free space or delete objects, then retry.")
    }

    /// The server has no file descriptor left for this request (too many open connections or
    /// files). AWS's code for "reduce your request rate" (S3 ErrorResponses page: SlowDown, 503).
    public static func slowDown(_ message: String) -> S3Error {
        S3Error("SlowDown", 503, message)
    }
}

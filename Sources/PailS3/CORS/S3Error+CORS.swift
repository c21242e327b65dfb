/// The errors of CORS configuration and preflight requests, as S3 words them.
extension S3Error {
    /// `NoSuchCORSConfiguration` (404): GetBucketCors on a bucket without one.
    public static func noSuchCORSConfiguration(_ bucket: String) -> S3Error {
        S3Error("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist", details: [("BucketName", bucket)])
    }

    /// A preflight without `Origin` (400 BadRequest).
    public static func corsMissingOrigin() -> S3Error {
        S3Error("BadRequest", 400, "Insufficient information. Origin request header needed.")
    }

    /// A preflight whose `Access-Control-Request-Method` is missing or not a method S3 knows.
    public static func corsInvalidRequestMethod(_ method: String?) -> S3Error {
        S3Error("BadRequest", 400, "Invalid Access-Control-Request-Method: \(method ?? "null")")
    }

    /// A preflight for a bucket that does not exist (403 AccessForbidden).
    public static func corsBucketNotFound() -> S3Error {
        S3Error("AccessForbidden", 403, "CORSResponse: Bucket not found")
    }

    /// A preflight for a bucket without a CORS configuration (403 AccessForbidden).
    public static func corsNotEnabled() -> S3Error {
        S3Error("AccessForbidden", 403, "CORSResponse: CORS is not enabled for this bucket.")
    }

    /// A preflight that no rule allows (403 AccessForbidden, S3's wording, its spelling included).
    public static func corsRequestNotAllowed(method: String, resourceType: String) -> S3Error {
        S3Error("AccessForbidden", 403, "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
                details: [("Method", method), ("ResourceType", resourceType)])
    }
}

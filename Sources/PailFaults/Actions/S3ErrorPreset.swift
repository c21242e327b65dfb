/// Known error codes with the status and message AWS sends, so a rule can say just `"code": "SlowDown"`.
///
/// Messages are AWS's own (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). `Locked`
/// (423) is not an S3 code; it stands for WebDAV-style "resource locked" that S3 gateways send.
public struct S3ErrorPreset: Sendable, Equatable {
    public var code: String
    public var status: Int
    public var message: String

    /// The preset for `code` (exact, case-sensitive as AWS spells it), or nil.
    public static func named(_ code: String) -> S3ErrorPreset? {
        all.first { $0.code == code }
    }

    /// The first preset with `status`, used when only a status is given (`error=503` → SlowDown).
    public static func forStatus(_ status: Int) -> S3ErrorPreset? {
        all.first { $0.status == status }
    }

    /// Every known preset, in the order `forStatus(_:)` prefers them.
    public static let all: [S3ErrorPreset] = [
        .init(code: "InternalError", status: 500, message: "We encountered an internal error. Please try again."),
        .init(code: "SlowDown", status: 503, message: "Please reduce your request rate."),
        .init(code: "ServiceUnavailable", status: 503, message: "Reduce your request rate."),
        .init(code: "RequestTimeout", status: 400, message: "Your socket connection to the server was not read from or written to within the timeout period."),
        .init(code: "AccessDenied", status: 403, message: "Access Denied"),
        .init(code: "Locked", status: 423, message: "The resource you are attempting to access is locked."),
        .init(code: "ExpiredToken", status: 400, message: "The provided token has expired."),
        .init(code: "InvalidAccessKeyId", status: 403, message: "The AWS access key Id you provided does not exist in our records."),
        .init(code: "SignatureDoesNotMatch", status: 403, message: "The request signature we calculated does not match the signature you provided. Check your key and signing method."),
        .init(code: "RequestTimeTooSkewed", status: 403, message: "The difference between the request time and the current time is too large."),
        .init(code: "NoSuchKey", status: 404, message: "The specified key does not exist."),
        .init(code: "NoSuchBucket", status: 404, message: "The specified bucket does not exist."),
        .init(code: "BadDigest", status: 400, message: "The Content-MD5 or checksum value that you specified did not match what the server received."),
        .init(code: "NotImplemented", status: 501, message: "A header you provided implies functionality that is not implemented."),
        .init(code: "Throttling", status: 400, message: "Rate exceeded"),
    ]
}

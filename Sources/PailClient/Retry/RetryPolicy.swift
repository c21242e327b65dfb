import PailHTTP

/// Which failures are retried, how often, and with which waits.
///
/// Retried: every 5xx, 423 Locked (Dovecot's rule for sproxyd), 429, the S3 codes SlowDown,
/// RequestTimeout and the throttling codes, transport failures (connect, reset, timeout, truncated
/// body) and client-detected corruption (checksum mismatch). Never any other 4xx.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt (so `maxRetries + 1` attempts at most).
    public var maxRetries: Int
    public var backoff: BackoffSchedule

    public init(maxRetries: Int = 4, backoff: BackoffSchedule = .standard()) {
        self.maxRetries = maxRetries
        self.backoff = backoff
    }

    /// S3 codes retried whatever their status (botocore standard's transient and throttling sets).
    public static let retryableCodes: Set<String> = [
        "SlowDown", "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "Throttling",
        "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "InternalError", "ServiceUnavailable",
        // Client-side: the bytes were damaged or cut on the way.
        "NetworkError", "ChecksumMismatch", "IncompleteBody", "BadDigest",
    ]

    /// True when `error` may succeed on a new attempt.
    public static func isRetryable(_ error: S3ClientError) -> Bool {
        if let status = error.status {
            if status >= 500 || status == 423 || status == 429 { return true }
            return retryableCodes.contains(error.code) && error.code != "NetworkError"
        }
        return retryableCodes.contains(error.code)
    }
}

import PailHTTP

/// Every failure of an S3 call: the S3 error code and message, the HTTP status, and the request ids
/// the server sent (`x-amz-request-id`, `x-amz-id-2`), so that a log line can be matched with the
/// server's. Transport failures have no status and carry the `underlying` error.
public struct S3ClientError: Error, CustomStringConvertible, Sendable {
    /// S3 error code (`NoSuchKey`, `SlowDown`), the numeric status for body-less errors (`404` for a
    /// HEAD), or a client-side code: `NetworkError`, `ChecksumMismatch`, `IncompleteBody`,
    /// `WriteNotVerified`, `CredentialsError`, `InvalidResponse`.
    public var code: String
    public var message: String
    /// HTTP status; nil when no response arrived.
    public var status: Int?
    public var requestID: String?
    public var hostID: String?
    /// The transport or parsing error behind a client-side code.
    public var underlying: Error?
    /// The operation (`PutObject`) and how many attempts were made.
    public var operation: String = ""
    public var attempts: Int = 1

    public init(code: String, message: String, status: Int? = nil, requestID: String? = nil,
                hostID: String? = nil, underlying: Error? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.requestID = requestID
        self.hostID = hostID
        self.underlying = underlying
    }

    public var description: String {
        var s = "\(operation.isEmpty ? "" : operation + ": ")\(code)"
        if let status { s += " (HTTP \(status))" }
        if !message.isEmpty { s += ": \(message)" }
        if let requestID { s += " [request id \(requestID)" + (hostID.map { ", host id \($0)" } ?? "") + "]" }
        if attempts > 1 { s += " after \(attempts) attempts" }
        if let underlying, message.isEmpty { s += ": \(underlying)" }
        return s
    }

    /// A transport failure (connect, timeout, reset, TLS).
    static func network(_ error: Error) -> S3ClientError {
        S3ClientError(code: "NetworkError", message: "\(error)", underlying: error)
    }

    static func invalidResponse(_ message: String, status: Int? = nil, headers: HTTPHeaders? = nil) -> S3ClientError {
        S3ClientError(code: "InvalidResponse", message: message, status: status,
                      requestID: headers?["x-amz-request-id"], hostID: headers?["x-amz-id-2"])
    }
}

/// What a fired rule does to the request. The fault engine only decides; the S3 pipeline applies.
///
/// JSON is an object tagged by `"type"`; see `FaultAction+Codable.swift` for each shape and
/// `FaultAction.fromHeader(_:)` for the compact `x-pail-fault` header form. Byte offsets count body bytes
/// (after any Content-Encoding the object was stored with; before aws-chunked framing, which applies to
/// requests only).
public enum FaultAction: Sendable, Equatable {
    /// Answer with an S3 error: `status`, an XML body with `code` and `message`. The request is not
    /// performed. Status is 400...599.
    case error(status: Int, code: String, message: String)
    /// Sleep `ms` milliseconds at `phase`, then answer normally.
    case latency(ms: Int, phase: LatencyPhase)
    /// Send the response body at no more than `bytesPerSecond`.
    case bandwidth(bytesPerSecond: Int)
    /// Reset the TCP connection: before any response when `afterBytes` is nil, otherwise after that many
    /// body bytes (0 = right after the headers).
    case reset(afterBytes: Int?)
    /// Send the true `Content-Length` but only `afterBytes` body bytes, then close the connection.
    case truncate(afterBytes: Int)
    /// Flip every bit of `count` body bytes starting at `offset`; headers (ETag, checksums, Content-Length)
    /// stay as they were, so only a client that verifies notices. Offsets past the end change nothing.
    case corrupt(offset: Int, count: Int)
    /// Hold the connection without answering for `ms` milliseconds, then close it without a response;
    /// nil holds until the client gives up or the server shuts down.
    case stall(ms: Int?)
    /// Acknowledge a write (PutObject, CompleteMultipartUpload, CopyObject) with a real ETag but keep
    /// nothing: with `keepOld` the previous version stays readable, otherwise the key is absent afterwards.
    case lostWrite(keepOld: Bool)
    /// Serve the previous version of the object (or NoSuchKey if there was none) instead of the current.
    case staleRead
    /// Check the request's signature time as if the server clock were `seconds` ahead (negative: behind).
    case clockSkew(seconds: Int)
    /// Treat the presented session token or IMDS credentials as already expired (`ExpiredToken`), and
    /// have STS/IMDS hand out credentials that expire immediately.
    case expireCredentials

    /// The action's `type` tag in JSON.
    public var type: String {
        switch self {
        case .error: return "error"
        case .latency: return "latency"
        case .bandwidth: return "bandwidth"
        case .reset: return "reset"
        case .truncate: return "truncate"
        case .corrupt: return "corrupt"
        case .stall: return "stall"
        case .lostWrite: return "lostWrite"
        case .staleRead: return "staleRead"
        case .clockSkew: return "clockSkew"
        case .expireCredentials: return "expireCredentials"
        }
    }

    /// An S3 error from a known code (`SlowDown`) with AWS's status and message; `status` and `message`
    /// override. Returns nil for an unknown code without a status.
    public static func error(code: String, status: Int? = nil, message: String? = nil) -> FaultAction? {
        let preset = S3ErrorPreset.named(code)
        guard let status = status ?? preset?.status else { return nil }
        return .error(status: status, code: code, message: message ?? preset?.message ?? "Fault injected by Pail.")
    }

    /// All type tags, for error messages and documentation.
    public static let types = ["error", "latency", "bandwidth", "reset", "truncate", "corrupt", "stall",
                               "lostWrite", "staleRead", "clockSkew", "expireCredentials"]
}

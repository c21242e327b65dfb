import PailHTTP
import PailS3

/// The headers, body and payload hash a client's request goes upstream with.
///
/// - A signed payload keeps its hash (the upstream checks it as well as Pail).
/// - `UNSIGNED-PAYLOAD` stays unsigned.
/// - An aws-chunked body is decoded (chunk and trailer signatures checked by Pail with the client's key)
///   and sent plain with its decoded length as `UNSIGNED-PAYLOAD`; with `trailingChecksums: forward` a
///   body with a checksum trailer is re-framed as STREAMING-UNSIGNED-PAYLOAD-TRAILER instead, so the
///   upstream stores the checksum (sigv4-streaming-trailers.html). Pail's signature covers the headers
///   either way; the client's chunk signatures were made with a key the upstream does not know.
struct OutgoingRequest {
    var headers: [(name: String, value: String)] = []
    var body: HTTPClientBody = .empty
    var payloadHash: String

    /// Fields that belong to the hop or to the client's signature (RFC 9110 §7.6.1; sigv4-header-based-auth.html).
    static let dropped: Set<String> = [
        "authorization", "host", "content-length", "transfer-encoding", "connection", "keep-alive",
        "proxy-connection", "proxy-authorization", "te", "trailer", "upgrade", "expect", "date",
        "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "x-pail-fault",
    ]

    init(_ r: S3Request, forwarder: UpstreamForwarder) throws {
        let hasBody = r.http.contentLength.map { $0 > 0 } ?? (r.headers["Transfer-Encoding"] != nil)
        var decoding = false, reframing = false
        switch r.auth.payload {
        case .sha256(let hex): payloadHash = hex
        case .unsigned: payloadHash = "UNSIGNED-PAYLOAD"
        case .streaming(_, let trailer):
            decoding = true
            reframing = trailer && forwarder.upstream.settings.forwardsTrailers && r.headers["x-amz-trailer"] != nil
            payloadHash = reframing ? "STREAMING-UNSIGNED-PAYLOAD-TRAILER" : "UNSIGNED-PAYLOAD"
        }
        for (name, value) in r.headers.fields {
            let lower = name.lowercased()
            if Self.dropped.contains(lower) { continue }
            if decoding {
                if lower == "x-amz-decoded-content-length" && !reframing { continue }
                if lower == "content-encoding" {
                    // aws-chunked is a framing of this hop; S3 drops it from the stored encoding too.
                    let rest = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                        .filter { !$0.isEmpty && $0.lowercased() != "aws-chunked" }
                    if reframing { headers.append((name, (["aws-chunked"] + rest).joined(separator: ","))) }
                    else if !rest.isEmpty { headers.append((name, rest.joined(separator: ","))) }
                    continue
                }
                // The trailer is checked here and not sent on: the upstream must not wait for it.
                if !reframing && (lower == "x-amz-trailer" || (lower == "x-amz-sdk-checksum-algorithm" && r.headers["x-amz-trailer"] != nil)) {
                    continue
                }
            }
            if lower == "x-amz-copy-source" {
                headers.append((name, forwarder.mapping.copySource(value)))
                continue
            }
            headers.append((name, value))
        }
        if reframing && r.headers["Content-Encoding"] == nil { headers.append(("Content-Encoding", "aws-chunked")) }
        guard hasBody || decoding else { return }
        let payload = try RelayedPayload(r)
        if reframing {
            body = .stream(TrailerFraming(payload), length: nil)
        } else {
            body = .stream(payload, length: decoding ? payload.declaredLength : r.http.contentLength)
        }
    }
}

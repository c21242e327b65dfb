import Foundation
import PailHTTP
import PailS3

/// Signs requests with AWS Signature Version 4, built on PailS3's canonicalisation primitives (the
/// same code the server verifies with; the moto test run guards against a shared mistake).
public enum SigV4Signer {
    /// Payload hash for bodies that are not hashed (streamed files over HTTPS).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// Signing keys by scope, shared by every request of the process (the server does the same).
    static let signingKeys = SigningKeyCache()

    /// Adds `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` and `Authorization` to
    /// `headers`, signing every header present except the unsigned set (`SigV4HeaderSigner`, shared with
    /// the server's gateway forwarder). `rawPath`/`rawQuery` are the exact bytes sent on the wire.
    public static func sign(method: String, rawPath: String, rawQuery: String, headers: inout HTTPHeaders,
                            payloadHash: String, credentials: AWSCredentials, region: String, service: String, date: Date) {
        var fields = headers.fields
        SigV4HeaderSigner.sign(method: method, rawPath: rawPath, rawQuery: rawQuery, headers: &fields, payloadHash: payloadHash,
                               accessKey: credentials.accessKeyID, secretKey: credentials.secretAccessKey,
                               sessionToken: credentials.sessionToken, region: region, service: service, date: date,
                               keys: signingKeys)
        headers = HTTPHeaders(fields)
    }

    /// The query string (without `?`) of a presigned URL: `rawQuery` plus the `X-Amz-*` parameters,
    /// signing only `host` with an unsigned payload (sigv4-query-string-auth.html).
    public static func presignQuery(method: String, rawPath: String, rawQuery: String, host: String, expires: Int,
                                    credentials: AWSCredentials, region: String, service: String = "s3", date: Date) -> String {
        let amzDate = S3Date.amz(date)
        let day = String(amzDate.prefix(8))
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        var params: [(String, String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            ("X-Amz-Date", amzDate),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", "host"),
        ]
        if let token = credentials.sessionToken { params.append(("X-Amz-Security-Token", token)) }
        var query = rawQuery
        for (n, v) in params {
            if !query.isEmpty { query += "&" }
            query += n + "=" + URIEncoding.encode(v, encodeSlash: true)
        }
        let canonical = SigV4.canonicalRequest(
            method: method, canonicalURI: SigV4.canonicalURI(rawPath: Substring(rawPath)) ?? rawPath,
            canonicalQuery: SigV4.canonicalQuery(rawQuery: Substring(query)) ?? "",
            canonicalHeaders: "host:\(host)\n", signedHeaders: "host", payloadHash: unsignedPayload)
        let sts = SigV4.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical)
        let key = signingKeys.key(secret: credentials.secretAccessKey, date: day, region: region, service: service)
        return query + "&X-Amz-Signature=" + SigV4.signature(key: key, stringToSign: sts)
    }
}

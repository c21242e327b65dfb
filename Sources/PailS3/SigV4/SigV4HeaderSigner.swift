import Foundation

/// Signs an outgoing request with SigV4 in the `Authorization` header: the signing side of the
/// primitives in `SigV4`, shared by Pail's S3 client and the gateway's upstream forwarder (AWS,
/// "Signature Calculations for the Authorization Header",
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
public enum SigV4HeaderSigner {
    /// Headers never signed: proxies and the transport may change them (botocore's rule).
    public static let unsignedHeaders: Set<String> = [
        "user-agent", "expect", "content-length", "connection", "x-amzn-trace-id", "transfer-encoding",
    ]

    /// Sets `x-amz-date`, `x-amz-content-sha256` (service `s3`), `x-amz-security-token` (with a
    /// session token) and `Authorization` in `headers`, signing every header present except
    /// `unsignedHeaders`. Existing fields of those names are replaced. `rawPath`/`rawQuery` are the exact
    /// bytes sent on the wire; `headers` must already hold `Host`.
    public static func sign(method: String, rawPath: String, rawQuery: String,
                            headers: inout [(name: String, value: String)], payloadHash: String,
                            accessKey: String, secretKey: String, sessionToken: String?,
                            region: String, service: String, date: Date, keys: SigningKeyCache) {
        let amzDate = S3Date.amz(date)
        let day = String(amzDate.prefix(8))
        set(&headers, "x-amz-date", amzDate)
        if service == "s3" { set(&headers, "x-amz-content-sha256", payloadHash) }
        if let sessionToken { set(&headers, "x-amz-security-token", sessionToken) }
        headers.removeAll { $0.name.lowercased() == "authorization" }
        var names: [String] = []
        for (n, _) in headers {
            let l = n.lowercased()
            if !unsignedHeaders.contains(l) && !names.contains(l) { names.append(l) }
        }
        names.sort()
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let canonicalHeaders = SigV4.canonicalHeaders(headers, signed: names) ?? ""
        let canonical = SigV4.canonicalRequest(
            method: method, canonicalURI: SigV4.canonicalURI(rawPath: Substring(rawPath)) ?? rawPath,
            canonicalQuery: SigV4.canonicalQuery(rawQuery: Substring(rawQuery)) ?? "",
            canonicalHeaders: canonicalHeaders, signedHeaders: names.joined(separator: ";"), payloadHash: payloadHash)
        let sts = SigV4.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical)
        let key = keys.key(secret: secretKey, date: day, region: region, service: service)
        let signature = SigV4.signature(key: key, stringToSign: sts)
        headers.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(scope), "
                        + "SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)"))
    }

    private static func set(_ headers: inout [(name: String, value: String)], _ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name }
        headers.append((name, value))
    }
}

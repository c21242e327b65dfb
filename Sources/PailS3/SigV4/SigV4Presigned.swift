import Foundation

/// The SigV4 parameters of a presigned (query-authenticated) request (sigv4-query-string-auth.html).
public struct SigV4Presigned: Sendable, Equatable {
    public var accessKey: String
    /// Scope date, `yyyymmdd`.
    public var date: String
    public var region: String
    public var service: String
    /// Lower-case header names from `X-Amz-SignedHeaders` (usually just `host`).
    public var signedHeaders: [String]
    /// Lower-case hex `X-Amz-Signature`.
    public var signature: String
    /// `date/region/service/aws4_request`.
    public var scope: String
    /// `X-Amz-Date`, `yyyymmddThhmmssZ` (checked for shape, not against the clock).
    public var amzDate: String
    /// `amzDate` as an instant.
    public var requestDate: Date
    /// `X-Amz-Expires` in seconds, 1...604800.
    public var expires: Int
    /// `X-Amz-Security-Token` when present (temporary credentials).
    public var securityToken: String?

    /// Reads the parameters from decoded query pairs (the first occurrence of each name counts).
    /// Throws `AuthorizationQueryParametersError` (400) when one of X-Amz-Algorithm, -Credential,
    /// -Signature, -Date, -SignedHeaders, -Expires is missing, the algorithm is not
    /// `AWS4-HMAC-SHA256`, the credential or date is malformed, or X-Amz-Expires is not a number in
    /// 1...604800.
    public static func parse(query: [(String, String)]) throws -> SigV4Presigned {
        // One pass over the pairs, dispatching on the name's length first: six `first(where:)` scans
        // with a String comparison per pair showed in the presigned-GET profile.
        var algorithm: String?, credential: String?, signature: String?, amzDate: String?, signed: String?,
            expiresText: String?, securityToken: String?
        func keep(_ slot: inout String?, _ value: String) { if slot == nil { slot = value } }
        for (name, value) in query {
            switch name.utf8.count {
            case 10 where name == "X-Amz-Date": keep(&amzDate, value)
            case 13 where name == "X-Amz-Expires": keep(&expiresText, value)
            case 15 where name == "X-Amz-Algorithm": keep(&algorithm, value)
            case 15 where name == "X-Amz-Signature": keep(&signature, value)
            case 16 where name == "X-Amz-Credential": keep(&credential, value)
            case 19 where name == "X-Amz-SignedHeaders": keep(&signed, value)
            case 20 where name == "X-Amz-Security-Token": keep(&securityToken, value)
            default: break
            }
        }
        guard let algorithm, let credential, let signature, let amzDate, let signed, let expiresText else {
            throw S3Error.authorizationQueryParametersError("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
        }
        guard algorithm == "AWS4-HMAC-SHA256" else {
            throw S3Error.authorizationQueryParametersError("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"")
        }
        guard let cred = SigV4Credential(Substring(credential)) else {
            throw S3Error.authorizationQueryParametersError("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
        }
        guard let requestDate = S3Date.parseAmz(amzDate) else {
            throw S3Error.authorizationQueryParametersError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
        }
        guard let expires = Int(expiresText) else {
            throw S3Error.authorizationQueryParametersError("X-Amz-Expires should be a number")
        }
        guard expires >= 0 else {
            throw S3Error.authorizationQueryParametersError("X-Amz-Expires must be non-negative")
        }
        guard expires >= 1, expires <= 604_800 else {
            throw S3Error.authorizationQueryParametersError("X-Amz-Expires must be less than a week (in seconds) that is 604800")
        }
        let names = signedHeaderNames(signed)
        guard !names.isEmpty else {
            throw S3Error.authorizationQueryParametersError("X-Amz-SignedHeaders must not be empty")
        }
        guard let hexSignature = lowercasedHexSignature(signature) else {
            throw S3Error.authorizationQueryParametersError("X-Amz-Signature must be 64 hexadecimal digits")
        }
        return SigV4Presigned(accessKey: cred.accessKey, date: cred.date, region: cred.region, service: cred.service,
                              signedHeaders: names, signature: hexSignature, scope: cred.scope,
                              amzDate: amzDate, requestDate: requestDate, expires: expires, securityToken: securityToken)
    }

    /// The `;`-separated names, lower-cased, empty ones skipped.
    private static func signedHeaderNames(_ value: String) -> [String] {
        withUTF8Bytes(value) { bytes in
            var names: [String] = []
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: ";") {
                if i > start { names.append(lowercasedIfNeeded(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))) }
                start = i + 1
            }
            return names
        }
    }

    /// `s` in lower case when it is 64 hex digits of either case, else nil; one pass over the bytes.
    private static func lowercasedHexSignature(_ s: String) -> String? {
        guard s.utf8.count == 64 else { return nil }
        var upper = false
        let hex = withUTF8Bytes(s) { bytes in
            bytes.allSatisfy { b in
                upper = upper || (b >= 0x41 && b <= 0x46)
                return hexValue(b) != nil
            }
        }
        return hex ? (upper ? s.lowercased() : s) : nil
    }
}

/// `s` lower-cased, without a copy when it has no ASCII upper-case letter (the usual case here).
private func lowercasedIfNeeded(_ s: String) -> String {
    withUTF8Bytes(s) { $0.contains { $0 >= 0x41 && $0 <= 0x5A } } ? s.lowercased() : s
}

/// The signatures of a browser POST form: the string to sign is the `policy` field exactly as sent
/// (AWS, "Authenticating Requests: Browser-Based Uploads Using POST", sigv4-authentication-HTTPPOST.html,
/// and for Signature Version 2, "Browser-Based Uploads Using POST (AWS Signature Version 2)").
public enum PostPolicySignature {
    /// The parts of an `x-amz-credential` field, `AKID/yyyymmdd/region/service/aws4_request`.
    public struct Credential: Sendable, Equatable {
        public var accessKey: String
        public var date: String
        public var region: String
        public var service: String
    }

    /// Splits an `x-amz-credential` value; nil when it is not `AKID/yyyymmdd/region/service/aws4_request`.
    public static func credential(_ value: String) -> Credential? {
        guard let c = SigV4Credential(Substring(value)) else { return nil }
        return Credential(accessKey: c.accessKey, date: c.date, region: c.region, service: c.service)
    }

    /// Signature Version 4: lower-case hex HMAC-SHA256 of the policy under the signing key.
    public static func v4(policy: String, signingKey: HMACKey) -> String {
        signingKey.mac(Array(policy.utf8)).hex
    }

    /// Signature Version 2: base64 HMAC-SHA1 of the policy under the secret key.
    public static func v2(policy: String, secret: String) -> String {
        HMAC.sha1(key: Array(secret.utf8), data: Array(policy.utf8)).base64
    }
}

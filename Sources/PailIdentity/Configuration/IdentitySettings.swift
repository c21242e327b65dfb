import PailS3

/// The account id Pail reports in ARNs and GetCallerIdentity.
public let pailAccountID = "000000000000"

/// A long-term user besides root: its keys and the display name responses report as bucket Owner.
public struct User: Codable, Sendable, Equatable {
    public var accessKey: String
    public var secretKey: String
    public var displayName: String?
    /// The address `x-amz-grant-*: emailAddress=` and ACL `AmazonCustomerByEmail` grantees name.
    public var email: String?
    /// IAM identity policies, inline (JSON objects, or strings holding JSON). Nil: the user may do
    /// everything with its own buckets and what ACLs and bucket policies grant it, as before policies
    /// existed. With policies, they add what they allow and their Deny statements bind.
    public var policies: [PolicyJSON]?

    public init(accessKey: String, secretKey: String, displayName: String? = nil, email: String? = nil,
                policies: [PolicyJSON]? = nil) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.displayName = displayName
        self.email = email
        self.policies = policies
    }

    /// The name in the user's ARN (`arn:aws:iam::000000000000:user/NAME`) and in `aws:username`.
    public var name: String { displayName ?? accessKey }
    public var arn: String { "arn:aws:iam::\(pailAccountID):user/\(name)" }
}

/// A role that AssumeRole, AssumeRoleWithWebIdentity and IMDS hand out credentials for. Its sessions
/// act as `user` (an access key; nil = root): they own and see that user's buckets.
public struct Role: Codable, Sendable, Equatable {
    public var name: String
    public var arn: String?
    public var user: String?
    /// Upper bound for DurationSeconds (AWS: 3600..43200, default 3600).
    public var maxSessionSeconds: Int?
    /// The role's IAM permission policies, inline. Nil: sessions act with all of `user`'s rights, as
    /// before policies existed. With policies, a session may do only what they allow (intersected
    /// with the session policy it was issued with), plus what bucket policies grant the role or the
    /// session by name and what public ACLs grant everyone.
    public var policies: [PolicyJSON]?

    public init(name: String, arn: String? = nil, user: String? = nil, maxSessionSeconds: Int? = nil,
                policies: [PolicyJSON]? = nil) {
        self.name = name
        self.arn = arn
        self.user = user
        self.maxSessionSeconds = maxSessionSeconds
        self.policies = policies
    }

    public var resolvedARN: String { arn ?? "arn:aws:iam::\(pailAccountID):role/\(name)" }
    /// AWS's role-id shape (`AROA` + 17 characters), stable per name.
    public var roleID: String {
        var h: UInt64 = 1469598103934665603
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var s = "AROA"
        for _ in 0..<17 { s.append(alphabet[Int(h % 32)]); h = h / 32 | (h << 59) }
        return s
    }
}

/// `sts` section.
public struct STSSettings: Codable, Sendable, Equatable {
    public var webIdentity: WebIdentitySettings?
    /// Testing knob: every STS credential lives this many seconds, whatever DurationSeconds asked
    /// (which is still validated with AWS's bounds). Lets tests see ExpiredToken without waiting 15 min.
    public var credentialSecondsOverride: Int?
    public init(webIdentity: WebIdentitySettings? = nil, credentialSecondsOverride: Int? = nil) {
        self.webIdentity = webIdentity
        self.credentialSecondsOverride = credentialSecondsOverride
    }
}

/// How AssumeRoleWithWebIdentity judges a JWT. Pail does not fetch JWKS, so it never checks the JWT's
/// signature: `permissive` (the default) accepts any well-formed, unexpired JWT; otherwise the `iss`
/// claim must equal `issuer` (and `aud` must contain `audience` when set).
public struct WebIdentitySettings: Codable, Sendable, Equatable {
    public var issuer: String?
    public var audience: String?
    public var permissive: Bool?
    public init(issuer: String? = nil, audience: String? = nil, permissive: Bool? = nil) {
        self.issuer = issuer
        self.audience = audience
        self.permissive = permissive
    }
}

/// `imds` section.
public struct IMDSSettings: Codable, Sendable, Equatable {
    /// The role served (default `pail`).
    public var role: String?
    /// Lifetime of the role credentials IMDS serves (default 21600 = 6 h); they rotate when a third remains.
    public var credentialSeconds: Int?
    /// Answer metadata GETs without a token (IMDSv1).
    public var allowIMDSv1: Bool?
    public init(role: String? = nil, credentialSeconds: Int? = nil, allowIMDSv1: Bool? = nil) {
        self.role = role
        self.credentialSeconds = credentialSeconds
        self.allowIMDSv1 = allowIMDSv1
    }
}

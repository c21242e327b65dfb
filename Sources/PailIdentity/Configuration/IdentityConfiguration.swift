import Foundation

/// Users, roles, STS and IMDS settings, read from the JSON file given to `pail serve --config`.
///
/// ```json
/// {"users": [{"accessKey": "alice", "secretKey": "alice-secret", "displayName": "Alice",
///             "email": "alice@example.com"}],
///  "roles": [{"name": "pail", "user": "alice", "maxSessionSeconds": 43200,
///             "policies": [{"Version": "2012-10-17",
///                           "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}]}],
///  "sts":   {"webIdentity": {"issuer": "https://issuer.example", "permissive": false}},
///  "imds":  {"role": "pail", "credentialSeconds": 21600, "allowIMDSv1": false},
///  "kms":   {"keys": [{"id": "app-key", "alias": "alias/app"}]}}
/// ```
/// Every member is optional. With no file at all, IMDS serves one role `pail` acting as the root user.
public struct IdentityConfiguration: Codable, Sendable, Equatable {
    public var users: [User]
    public var roles: [Role]
    public var sts: STSSettings
    public var imds: IMDSSettings
    /// KMS keys for SSE-KMS (see `KMSSettings`).
    public var kms: KMSSettings

    public init(users: [User] = [], roles: [Role] = [], sts: STSSettings = .init(), imds: IMDSSettings = .init(),
                kms: KMSSettings = .init()) {
        self.users = users
        self.roles = roles
        self.sts = sts
        self.imds = imds
        self.kms = kms
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        users = try c.decodeIfPresent([User].self, forKey: .users) ?? []
        roles = try c.decodeIfPresent([Role].self, forKey: .roles) ?? []
        sts = try c.decodeIfPresent(STSSettings.self, forKey: .sts) ?? .init()
        imds = try c.decodeIfPresent(IMDSSettings.self, forKey: .imds) ?? .init()
        kms = try c.decodeIfPresent(KMSSettings.self, forKey: .kms) ?? .init()
    }

    /// Reads and validates a configuration file. Errors name the file and the problem.
    public static func load(contentsOf url: URL) throws -> IdentityConfiguration {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw IdentityConfigurationError("cannot read \(url.path): \(error.localizedDescription)")
        }
        let config: IdentityConfiguration
        do { config = try JSONDecoder().decode(IdentityConfiguration.self, from: data) } catch {
            throw IdentityConfigurationError("\(url.path) is not a valid identity configuration: \(error)")
        }
        try config.validate()
        return config
    }

    /// Checks for duplicate keys and roles, and for roles naming unknown users.
    public func validate(rootAccessKey: String? = nil) throws {
        var keys = Set<String>()
        if let rootAccessKey { keys.insert(rootAccessKey) }
        for u in users {
            guard !u.accessKey.isEmpty, !u.secretKey.isEmpty else { throw IdentityConfigurationError("a user needs accessKey and secretKey") }
            guard !u.accessKey.hasPrefix("ASIA") else { throw IdentityConfigurationError("access key \(u.accessKey): the ASIA prefix is reserved for temporary credentials") }
            guard keys.insert(u.accessKey).inserted else { throw IdentityConfigurationError("access key \(u.accessKey) is listed twice") }
        }
        var names = Set<String>()
        for r in roles {
            guard !r.name.isEmpty, r.name.allSatisfy({ $0.isLetter || $0.isNumber || "+=,.@_-".contains($0) }) else {
                throw IdentityConfigurationError("role name \(r.name.debugDescription) is not valid")
            }
            guard names.insert(r.name).inserted else { throw IdentityConfigurationError("role \(r.name) is listed twice") }
            if let user = r.user, rootAccessKey != nil, !keys.contains(user) {
                throw IdentityConfigurationError("role \(r.name) acts as unknown user \(user)")
            }
        }
        var emails = Set<String>()
        for u in users {
            guard let email = u.email else { continue }
            guard emails.insert(email.lowercased()).inserted else { throw IdentityConfigurationError("e-mail \(email) is listed twice") }
        }
        _ = try parsedPolicies()
        if let seconds = imds.credentialSeconds, seconds < 15 {
            throw IdentityConfigurationError("imds.credentialSeconds must be at least 15")
        }
        try kms.validate()
    }

    /// The role IMDS serves: `imds.role`, else a role named `pail`, else a built-in `pail` role acting as root.
    public var imdsRole: Role {
        let name = imds.role ?? "pail"
        return roles.first { $0.name == name } ?? Role(name: name)
    }

    /// The role with this ARN, or whose name is the ARN's last path segment (`arn:aws:iam::…:role/NAME`).
    public func role(arn: String) -> Role? {
        if let r = roles.first(where: { $0.resolvedARN == arn }) { return r }
        let name = arn.split(separator: "/").last.map(String.init) ?? arn
        if let r = roles.first(where: { $0.name == name }) { return r }
        return imdsRole.name == name ? imdsRole : nil
    }
}

/// A configuration mistake, reported to the user as is.
public struct IdentityConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

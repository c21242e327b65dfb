import PailS3

/// The identity policies of the configuration file, parsed with the same grammar and messages as
/// bucket policies (IAM User Guide, "IAM JSON policy element reference").
extension IdentityConfiguration {
    /// Each user's policies by access key and each role's by name; only those that carry a
    /// `policies` member appear. Throws a configuration error naming the user or role.
    public func parsedPolicies() throws -> (users: [String: [Policy]], roles: [String: [Policy]]) {
        var users: [String: [Policy]] = [:], roles: [String: [Policy]] = [:]
        for u in self.users {
            guard let list = u.policies else { continue }
            users[u.accessKey] = try list.map { try Self.parseInline($0, owner: "user \(u.accessKey)") }
        }
        for r in self.roles {
            guard let list = r.policies else { continue }
            roles[r.name] = try list.map { try Self.parseInline($0, owner: "role \(r.name)") }
        }
        return (users, roles)
    }

    /// An inline policy: a JSON object, or a string holding one.
    static func parseInline(_ value: PolicyJSON, owner: String) throws -> Policy {
        do {
            if case .string(let text) = value { return try Policy.parse(Array(text.utf8), kind: .identity) }
            return try Policy.parse(value, kind: .identity)
        } catch let e as PolicyError {
            throw IdentityConfigurationError("\(owner): policy is not valid: \(e.message)")
        }
    }
}

import PailS3

/// The keys the configuration file may hold. A key outside it is refused by name: a misspelt key
/// would otherwise be ignored and its setting silently left at the default.
indirect enum ConfigurationSchema: Sendable {
    /// An object with exactly these optional members.
    case object([String: ConfigurationSchema])
    /// An array whose items follow the schema.
    case array(ConfigurationSchema)
    /// Any value; its own reader checks it (a setting's kind, a policy, a fault plan).
    case any

    /// The whole file: the identity sections, then every key of `Setting.all`.
    static let file: ConfigurationSchema = {
        let policies = ConfigurationSchema.array(.any)
        var top: [String: ConfigurationSchema] = [
            "users": .array(.object(["accessKey": .any, "secretKey": .any, "displayName": .any, "email": .any,
                                     "policies": policies])),
            "roles": .array(.object(["name": .any, "arn": .any, "user": .any, "maxSessionSeconds": .any,
                                     "policies": policies])),
            "sts": .object(["webIdentity": .object(["issuer": .any, "audience": .any, "permissive": .any]),
                            "credentialSecondsOverride": .any]),
            "imds": .object(["role": .any, "credentialSeconds": .any]),
            "kms": .object(["keys": .array(.object(["id": .any, "arn": .any, "alias": .any]))]),
        ]
        for setting in Setting.all {
            top = ConfigurationSchema.adding(setting.key.split(separator: ".").map(String.init), to: top)
        }
        return .object(top)
    }()

    private static func adding(_ parts: [String], to members: [String: ConfigurationSchema]) -> [String: ConfigurationSchema] {
        var members = members
        guard let first = parts.first else { return members }
        if parts.count == 1 {
            if members[first] == nil { members[first] = .any }
            return members
        }
        var inner: [String: ConfigurationSchema] = [:]
        if case .object(let existing)? = members[first] { inner = existing }
        members[first] = .object(adding(Array(parts.dropFirst()), to: inner))
        return members
    }

    /// The first unknown or repeated key, or a section of the wrong JSON type, as `$.path: why`.
    func firstProblem(in value: PolicyJSON, at path: String) -> String? {
        switch (self, value) {
        case (.any, _):
            return nil
        case (.object(let allowed), .object(let members)):
            var seen = Set<String>()
            for member in members {
                let at = "\(path).\(member.name)"
                guard let schema = allowed[member.name] else {
                    let known = allowed.keys.sorted().joined(separator: ", ")
                    return "\(at): unknown key \"\(member.name)\" (known here: \(known))"
                }
                guard seen.insert(member.name).inserted else { return "\(at): listed twice" }
                if let problem = schema.firstProblem(in: member.value, at: at) { return problem }
            }
            return nil
        case (.array(let item), .array(let items)):
            for (i, element) in items.enumerated() {
                if let problem = item.firstProblem(in: element, at: "\(path)[\(i)]") { return problem }
            }
            return nil
        case (.object, _):
            return "\(path): expected an object, got \(value.typeName)"
        case (.array, _):
            return "\(path): expected an array, got \(value.typeName)"
        }
    }
}

import Foundation
import PailIdentity

extension ResolvedSettings {
    /// What `--print-config` shows in place of a secret; fixed, so even a secret's length stays unsaid.
    public static let mask = "****"

    /// The effective configuration as JSON in the configuration file's shape, every secret masked
    /// (the root and users' secret keys, the upstream's secret key and session token), with a
    /// `_sources` member saying where each value came from (`flag --region`, `env PAIL_DATA`,
    /// `file pail.json`, `default`). Settings nobody set and that have no default are left out.
    public func printableJSON() throws -> String {
        var top: [String: Any] = [:]
        var sources: [String: String] = [:]
        for setting in Setting.all {
            guard let entry = entries[setting.key], let value = entry.value else { continue }
            var json: Any = setting.secret ? Self.mask : value.json
            if value == .inline, let plan = file?.inlineFaultPlan {
                json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(plan))
            }
            Self.set(json, at: setting.key.split(separator: ".").map(String.init), in: &top)
            sources[setting.key] = entry.source.description
        }
        if let file {
            for (section, value) in try identitySections(file.identity) {
                if case var existing as [String: Any] = top[section], let members = value as? [String: Any] {
                    existing.merge(members) { current, _ in current }
                    top[section] = existing
                } else {
                    top[section] = value
                }
                sources[section] = sources[section] ?? SettingSource.file(file.path).description
            }
        }
        top["_sources"] = sources
        let data = try JSONSerialization.data(withJSONObject: top, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The non-empty identity sections as JSON objects, users' secret keys masked.
    private func identitySections(_ identity: IdentityConfiguration) throws -> [(String, Any)] {
        guard var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(identity)) as? [String: Any] else { return [] }
        if var users = object["users"] as? [[String: Any]] {
            for i in users.indices { users[i]["secretKey"] = Self.mask }
            object["users"] = users
        }
        return object.keys.sorted().compactMap { key in
            let value = object[key]!
            if let list = value as? [Any], list.isEmpty { return nil }
            if let members = value as? [String: Any] {
                let meaningful = members.filter { !($0.value is NSNull) && !(($0.value as? [Any])?.isEmpty ?? false) }
                return meaningful.isEmpty ? nil : (key, meaningful)
            }
            return (key, value)
        }
    }

    private static func set(_ value: Any, at path: [String], in object: inout [String: Any]) {
        guard let first = path.first else { return }
        if path.count == 1 { object[first] = value; return }
        var inner = object[first] as? [String: Any] ?? [:]
        set(value, at: Array(path.dropFirst()), in: &inner)
        object[first] = inner
    }
}

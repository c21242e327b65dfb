/// The `kms` section: the KMS keys SSE-KMS requests and bucket defaults may name. AWS KMS itself is
/// not reached; each key's material is derived from the server's master key and the key's `id`, so
/// it is stable across restarts and never written anywhere.
///
/// ```json
/// {"kms": {"keys": [{"id": "1234abcd-12ab-34cd-56ef-1234567890ab", "alias": "alias/app"},
///                   {"id": "audit", "arn": "arn:aws:kms:eu-west-1:111122223333:key/audit"}]}}
/// ```
/// The AWS managed key `aws/s3` (used by `aws:kms` without a key id) always exists.
public struct KMSSettings: Codable, Sendable, Equatable {
    public var keys: [KMSKeySpec]

    public init(keys: [KMSKeySpec] = []) { self.keys = keys }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        keys = try c.decodeIfPresent([KMSKeySpec].self, forKey: .keys) ?? []
    }

    /// Checks for empty or repeated ids, ARNs and aliases, and aliases without the `alias/` prefix.
    public func validate() throws {
        var seen = Set<String>()
        for key in keys {
            guard !key.id.isEmpty, !key.id.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                throw IdentityConfigurationError("kms key id \(key.id.debugDescription) is not valid")
            }
            if let alias = key.alias, !alias.hasPrefix("alias/") || alias.count <= 6 || alias.hasPrefix("alias/aws/") {
                throw IdentityConfigurationError("kms alias \(alias) must be alias/NAME (and not under alias/aws/)")
            }
            if let arn = key.arn, !arn.hasPrefix("arn:") {
                throw IdentityConfigurationError("kms key \(key.id): arn \(arn) is not an ARN")
            }
            for name in [key.id, key.arn, key.alias].compactMap({ $0 }) where !seen.insert(name).inserted {
                throw IdentityConfigurationError("kms key name \(name) is listed twice")
            }
        }
    }
}

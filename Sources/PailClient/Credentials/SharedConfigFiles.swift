import Foundation

/// The AWS shared credentials and config files (INI): `~/.aws/credentials` sections are `[name]`,
/// `~/.aws/config` sections are `[default]` and `[profile name]`. `AWS_SHARED_CREDENTIALS_FILE` and
/// `AWS_CONFIG_FILE` move them.
public struct SharedConfigFiles: Sendable {
    /// Settings per profile name, credentials file entries overriding config file ones.
    public var profiles: [String: [String: String]]

    public init(profiles: [String: [String: String]]) { self.profiles = profiles }

    /// Loads both files (a missing file counts as empty).
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> SharedConfigFiles {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let credPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials"
        let configPath = environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config"
        var profiles: [String: [String: String]] = [:]
        if let text = try? String(contentsOfFile: configPath, encoding: .utf8) {
            for (section, values) in parseINI(text) {
                var name = section
                if name.hasPrefix("profile ") { name = String(name.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
                profiles[name, default: [:]].merge(values) { _, new in new }
            }
        }
        if let text = try? String(contentsOfFile: credPath, encoding: .utf8) {
            for (section, values) in parseINI(text) {
                profiles[section, default: [:]].merge(values) { _, new in new }
            }
        }
        return SharedConfigFiles(profiles: profiles)
    }

    /// Sections of `name = value` lines; `#`/`;` comments; indented lines (nested `s3 =` blocks) are
    /// kept as `parent.key`.
    public static func parseINI(_ text: String) -> [(String, [String: String])] {
        var out: [(String, [String: String])] = []
        var current: String?
        var values: [String: String] = [:]
        var parent: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let indented = raw.first == " " || raw.first == "\t"
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                if let c = current { out.append((c, values)) }
                current = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                values = [:]
                parent = nil
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let k = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let v = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if indented, let p = parent {
                values[p + "." + k] = v
            } else {
                values[k] = v
                parent = v.isEmpty ? k : nil
            }
        }
        if let c = current { out.append((c, values)) }
        return out
    }
}

/// Keys from a profile of the shared files: `aws_access_key_id`, `aws_secret_access_key`,
/// `aws_session_token`. The profile is the given name, else `AWS_PROFILE`, else `default`.
public struct ProfileCredentialsProvider: CredentialsProvider {
    public let profile: String?
    public let environment: @Sendable () -> [String: String]

    public init(profile: String? = nil,
                environment: @escaping @Sendable () -> [String: String] = { ProcessInfo.processInfo.environment }) {
        self.profile = profile
        self.environment = environment
    }

    public func credentials(forceRefresh: Bool) async throws -> AWSCredentials {
        let env = environment()
        let name = profile ?? env["AWS_PROFILE"] ?? "default"
        let files = SharedConfigFiles.load(environment: env)
        guard let p = files.profiles[name], let id = p["aws_access_key_id"], let secret = p["aws_secret_access_key"] else {
            throw S3ClientError(code: "CredentialsError", message: "profile \(name) has no aws_access_key_id/aws_secret_access_key")
        }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: p["aws_session_token"])
    }
}

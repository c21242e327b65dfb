import PailFaults

/// The effective value of every setting and where it came from: flag, then environment, then
/// configuration file, then default (docs/configuration.md).
public struct ResolvedSettings: Sendable {
    /// One setting's outcome. `value` is nil for a setting without default that nobody set.
    public struct Entry: Sendable, Equatable {
        public var value: SettingValue?
        public var source: SettingSource
    }

    public private(set) var entries: [String: Entry] = [:]
    /// The configuration file, when one was given.
    public let file: ConfigurationFile?

    /// Resolves `Setting.all`. `flags` maps a setting's key to the text given on the command line;
    /// `environment` is the process environment. Throws `ConfigurationError` naming the flag, the
    /// variable or the file and JSON path whose value does not fit.
    public static func resolve(flags: [String: String], environment: [String: String],
                               file: ConfigurationFile?) throws -> ResolvedSettings {
        var resolved = ResolvedSettings(file: file)
        for setting in Setting.all {
            resolved.entries[setting.key] = try entry(for: setting, flags: flags, environment: environment, file: file)
        }
        return resolved
    }

    private static func entry(for setting: Setting, flags: [String: String], environment: [String: String],
                              file: ConfigurationFile?) throws -> Entry {
        if let text = flags[setting.key] {
            return Entry(value: try parse(setting, text, from: setting.flagName), source: .flag(setting.flagName))
        }
        for name in [setting.env] + setting.environmentAliases {
            if let text = environment[name] {
                return Entry(value: try parse(setting, text, from: name), source: .environment(name))
            }
        }
        if let file, let json = file.value(at: setting.key) {
            if setting.kind == .faultPlan, json.isContainer {
                return Entry(value: .inline, source: .file(file.path))
            }
            do {
                return Entry(value: try setting.parse(json: json), source: .file(file.path))
            } catch let e as SettingValueError {
                throw ConfigurationError("\(file.path): $.\(setting.key): \(e.reason)")
            }
        }
        return Entry(value: setting.defaultValue, source: .default)
    }

    private static func parse(_ setting: Setting, _ text: String, from origin: String) throws -> SettingValue {
        do { return try setting.parse(text: text) } catch let e as SettingValueError {
            throw ConfigurationError("\(origin): \(e.reason)")
        }
    }

    /// The effective value of the setting with this file key.
    public subscript(key: String) -> SettingValue? { entries[key]?.value }

    /// Where the value of the setting with this file key came from.
    public func source(of key: String) -> SettingSource { entries[key]?.source ?? .default }

    /// How messages name the origin of a setting's value: `--data`, `PAIL_DATA`, `pail.json: $.data`.
    public func origin(of key: String) -> String {
        switch source(of: key) {
        case .flag(let name), .environment(let name): return name
        case .file(let path): return "\(path): $.\(key)"
        case .default: return key
        }
    }

    /// `PAIL_` variables in `environment` that name no setting (typos such as `PAIL_REGOIN`), sorted.
    public static func unknownEnvironmentVariables(in environment: [String: String]) -> [String] {
        let known = Set(Setting.all.map(\.env)).union(Setting.otherEnvironment)
        return environment.keys.filter { name in
            name.hasPrefix("PAIL_") && !known.contains(name)
                && !Setting.otherEnvironmentPrefixes.contains(where: { name.hasPrefix($0) })
        }.sorted()
    }
}

/// Where the effective value of a setting came from. Earlier cases win: a flag over the
/// environment, the environment over the configuration file, the file over the default.
public enum SettingSource: Sendable, Equatable, CustomStringConvertible {
    /// A command-line flag (`--region`) or the positional data directory.
    case flag(String)
    /// An environment variable (`PAIL_REGION`, `MINIO_ROOT_USER`).
    case environment(String)
    /// The configuration file, at this path.
    case file(String)
    case `default`

    public var description: String {
        switch self {
        case .flag(let name): return "flag \(name)"
        case .environment(let name): return "env \(name)"
        case .file(let path): return "file \(path)"
        case .default: return "default"
        }
    }
}

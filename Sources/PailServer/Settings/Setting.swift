/// One setting of `pail serve`: its key in the configuration file, its flag and environment
/// variable, how its text is read, and whether `--print-config` masks it.
///
/// Every scalar setting has all three spellings; the environment variable is `PAIL_` and the flag
/// name in capitals with `-` as `_` (`--tls-address` ↔ `PAIL_TLS_ADDRESS`), so a user can derive one
/// from the other. Precedence: flag, then environment, then file, then default.
public struct Setting: Sendable {
    /// What a value must look like; a value that does not fit is refused at start.
    public enum Kind: Sendable, Equatable {
        case string
        /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off` from flags and the environment).
        case bool
        /// A whole number within the range.
        case integer(ClosedRange<Int>)
        /// A positive number of seconds (fractions allowed).
        case seconds
        /// One of these words.
        case choice([String])
        /// `HOST:PORT` (port 0..65535; IPv6 hosts in brackets), or `off`.
        case address
        /// A fault plan: a path to a plan file, or (in the configuration file only) the plan inline.
        case faultPlan
    }

    /// Dotted path in the configuration file (`tls.address`).
    public let key: String
    /// Long flag name without the dashes (`tls-address`).
    public let flag: String
    public let kind: Kind
    /// Masked by `--print-config`.
    public let secret: Bool
    /// Nil: unset unless given (the server then decides, e.g. one worker per core).
    public let defaultValue: SettingValue?
    /// Further environment variables read after `env` (MinIO's names for the root credentials).
    public let environmentAliases: [String]

    public init(_ key: String, flag: String, _ kind: Kind, default defaultValue: SettingValue? = nil,
                secret: Bool = false, environmentAliases: [String] = []) {
        self.key = key
        self.flag = flag
        self.kind = kind
        self.secret = secret
        self.defaultValue = defaultValue
        self.environmentAliases = environmentAliases
    }

    /// `PAIL_` + the flag name in capitals with `_` for `-`.
    public var env: String { "PAIL_" + flag.uppercased().replacingOccurrences(of: "-", with: "_") }
    /// `--` + the flag name.
    public var flagName: String { "--" + flag }
}

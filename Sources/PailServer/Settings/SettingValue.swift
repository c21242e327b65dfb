/// The value of one setting after it was read and checked.
public enum SettingValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case seconds(Double)
    /// An address setting set to `off`.
    case off
    /// The fault plan written inline in the configuration file (`ConfigurationFile.inlineFaultPlan`).
    case inline

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var integer: Int? { if case .integer(let i) = self { return i } else { return nil } }
    public var seconds: Double? {
        switch self {
        case .seconds(let s): return s
        case .integer(let i): return Double(i)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .seconds(let s): return s == s.rounded() && abs(s) < 1e15 ? String(Int(s)) : String(s)
        case .off: return "off"
        case .inline: return "(inline)"
        }
    }

    /// The value as it appears in the configuration file: numbers and booleans bare, `off` a string.
    var json: Any {
        switch self {
        case .string(let s): return s
        case .bool(let b): return b
        case .integer(let i): return i
        case .seconds(let s): return s == s.rounded() && abs(s) < 1e15 ? Int(s) as Any : s
        case .off: return "off"
        case .inline: return "(inline)"
        }
    }
}

import PailS3

/// Why a value does not fit its setting; the caller prefixes where the value came from.
struct SettingValueError: Error {
    var reason: String
}

extension Setting {
    /// Reads a flag's or an environment variable's text.
    func parse(text: String) throws -> SettingValue {
        switch kind {
        case .string, .faultPlan:
            return .string(text)
        case .bool:
            switch text.lowercased() {
            case "true", "1", "yes", "on": return .bool(true)
            case "false", "0", "no", "off", "": return .bool(false)
            default: throw SettingValueError(reason: "expected true or false, got \(text.quotedForMessage)")
            }
        case .integer(let range):
            guard let i = Int(text), range.contains(i) else { throw Self.integerError(range, got: text.quotedForMessage) }
            return .integer(i)
        case .seconds:
            guard let s = Double(text), s > 0, s.isFinite else {
                throw SettingValueError(reason: "expected a positive number of seconds, got \(text.quotedForMessage)")
            }
            return .seconds(s)
        case .choice(let words):
            guard words.contains(text) else { throw Self.choiceError(words, got: text.quotedForMessage) }
            return .string(text)
        case .address:
            return try Self.address(text)
        }
    }

    /// Reads a value of the configuration file; JSON types must match (a port is not `"9000"` text
    /// in one place and `9000` in another).
    func parse(json: PolicyJSON) throws -> SettingValue {
        switch (kind, json) {
        case (.string, .string(let s)), (.faultPlan, .string(let s)):
            return .string(s)
        case (.bool, .bool(let b)):
            return .bool(b)
        case (.integer(let range), .number(let n)):
            guard let i = Int(n), range.contains(i) else { throw Self.integerError(range, got: n) }
            return .integer(i)
        case (.seconds, .number(let n)):
            guard let s = Double(n), s > 0, s.isFinite else {
                throw SettingValueError(reason: "expected a positive number of seconds, got \(n)")
            }
            return .seconds(s)
        case (.choice(let words), .string(let s)):
            guard words.contains(s) else { throw Self.choiceError(words, got: s.quotedForMessage) }
            return .string(s)
        case (.address, .string(let s)):
            return try Self.address(s)
        default:
            throw SettingValueError(reason: "expected \(kind.jsonType), got \(json.typeName)")
        }
    }

    private static func integerError(_ range: ClosedRange<Int>, got: String) -> SettingValueError {
        let bounds = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
        return SettingValueError(reason: "expected a whole number \(bounds), got \(got)")
    }

    private static func choiceError(_ words: [String], got: String) -> SettingValueError {
        let list = words.map { "'\($0)'" }
        let options = list.count == 2 ? "\(list[0]) or \(list[1])" : list.joined(separator: ", ")
        return SettingValueError(reason: "must be \(options), got \(got)")
    }

    /// `HOST:PORT` with a numeric port, `[v6]:PORT`, or `off`.
    private static func address(_ text: String) throws -> SettingValue {
        if text == "off" { return .off }
        let bad = SettingValueError(reason: "expected HOST:PORT (port 0-65535) or 'off', got \(text.quotedForMessage)")
        guard let colon = text.lastIndex(of: ":") else { throw bad }
        let host = text[..<colon], port = text[text.index(after: colon)...]
        guard !port.isEmpty, port.allSatisfy(\.isASCII), let p = Int(port), (0...65535).contains(p) else { throw bad }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { throw bad }
        } else {
            guard !host.contains(":"), !host.contains(where: \.isWhitespace) else { throw bad }
        }
        return .string(text)
    }
}

extension Setting.Kind {
    /// The JSON type the configuration file must use.
    var jsonType: String {
        switch self {
        case .string, .choice, .address: return "a string"
        case .bool: return "true or false"
        case .integer: return "a whole number"
        case .seconds: return "a number of seconds"
        case .faultPlan: return "a fault plan object or a path"
        }
    }
}

extension PolicyJSON {
    /// The JSON type, for messages (`got a number`).
    var typeName: String {
        switch self {
        case .string: return "a string"
        case .number(let n): return "the number \(n)"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension String {
    /// `'text'`, for messages.
    var quotedForMessage: String { "'\(self)'" }
}

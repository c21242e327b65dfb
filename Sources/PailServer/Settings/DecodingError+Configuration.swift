extension DecodingError {
    /// One line naming the JSON path (`$.users[2].secretKey: missing`) and what is wrong, for a value
    /// decoded from the part of the configuration file at `base`.
    func configurationMessage(under base: String = "$") -> String {
        func path(_ keys: [CodingKey]) -> String {
            var out = base
            for key in keys {
                if let i = key.intValue { out += "[\(i)]" } else { out += ".\(key.stringValue)" }
            }
            return out
        }
        switch self {
        case .keyNotFound(let key, let ctx):
            return "\(path(ctx.codingPath + [key])): missing"
        case .typeMismatch(let type, let ctx):
            return "\(path(ctx.codingPath)): expected \(Self.typeName(type))"
        case .valueNotFound(let type, let ctx):
            return "\(path(ctx.codingPath)): expected \(Self.typeName(type)), got null"
        case .dataCorrupted(let ctx):
            return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default:
            return "\(base): \(self)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type, is UInt64.Type, is UInt32.Type, is Int32.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return name
        }
    }
}

/// JSON shapes, one object per action tagged by `"type"`:
///
/// ```json
/// {"type": "error", "status": 503, "code": "SlowDown", "message": "Please reduce your request rate."}
/// {"type": "error", "code": "SlowDown"}                      // status and message from S3ErrorPreset
/// {"type": "error", "status": 403, "code": "AnyCodeYouLike"}  // unknown codes need a status
/// {"type": "latency", "ms": 500, "phase": "beforeResponse"}  // phase defaults to beforeResponse
/// {"type": "bandwidth", "bytesPerSecond": 65536}
/// {"type": "reset"}  {"type": "reset", "afterBytes": 1024}
/// {"type": "truncate", "afterBytes": 100}
/// {"type": "corrupt", "offset": 10, "count": 1}              // count defaults to 1
/// {"type": "stall"}  {"type": "stall", "ms": 2000}
/// {"type": "lostWrite", "keepOld": true}                     // keepOld defaults to false
/// {"type": "staleRead"}
/// {"type": "clockSkew", "seconds": 1200}
/// {"type": "expireCredentials"}
/// ```
/// Unknown types and fields, negative sizes and out-of-range statuses are decoding errors naming the field.
extension FaultAction: Codable {
    private static let fields: [String: Set<String>] = [
        "error": ["status", "code", "message"],
        "latency": ["ms", "phase"],
        "bandwidth": ["bytesPerSecond"],
        "reset": ["afterBytes"],
        "truncate": ["afterBytes"],
        "corrupt": ["offset", "count"],
        "stall": ["ms"],
        "lostWrite": ["keepOld"],
        "staleRead": [],
        "clockSkew": ["seconds"],
        "expireCredentials": [],
    ]

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        guard let type = try c.value(String.self, "type") else {
            throw DecodingError.keyNotFound(JSONKey("type"), .init(codingPath: decoder.codingPath,
                debugDescription: "an action needs a \"type\": one of \(Self.types.joined(separator: ", "))"))
        }
        guard let allowed = Self.fields[type] else {
            throw c.fail("type", "unknown action type \"\(type)\"; expected one of: \(Self.types.joined(separator: ", "))")
        }
        try c.rejectUnknownKeys(allowed: allowed.union(["type"]), in: "\(type) action")

        func size(_ key: String) throws -> Int? {
            guard let n = try c.value(Int.self, key) else { return nil }
            guard n >= 0 else { throw c.fail(key, "\(key) must be 0 or more, got \(n)") }
            return n
        }
        func required(_ key: String) throws -> Int {
            guard let n = try size(key) else { throw c.fail(key, "a \(type) action needs \"\(key)\"") }
            return n
        }

        switch type {
        case "error":
            guard let code = try c.value(String.self, "code"), !code.isEmpty else {
                throw c.fail("code", "an error action needs a \"code\", e.g. SlowDown; known codes: \(S3ErrorPreset.all.map(\.code).joined(separator: ", "))")
            }
            let status = try c.value(Int.self, "status")
            if let status, !(400...599).contains(status) {
                throw c.fail("status", "error status must be 400...599, got \(status)")
            }
            guard let action = FaultAction.error(code: code, status: status, message: try c.value(String.self, "message")) else {
                throw c.fail("status", "\"\(code)\" is not a known code, so give its \"status\"; known codes: \(S3ErrorPreset.all.map(\.code).joined(separator: ", "))")
            }
            self = action
        case "latency":
            let phase = try c.value(String.self, "phase") ?? LatencyPhase.beforeResponse.rawValue
            guard let p = LatencyPhase(rawValue: phase) else {
                throw c.fail("phase", "latency phase must be beforeResponse or beforeBody, got \"\(phase)\"")
            }
            self = .latency(ms: try required("ms"), phase: p)
        case "bandwidth":
            let rate = try required("bytesPerSecond")
            guard rate > 0 else { throw c.fail("bytesPerSecond", "bytesPerSecond must be 1 or more") }
            self = .bandwidth(bytesPerSecond: rate)
        case "reset": self = .reset(afterBytes: try size("afterBytes"))
        case "truncate": self = .truncate(afterBytes: try required("afterBytes"))
        case "corrupt":
            let count = try size("count") ?? 1
            guard count > 0 else { throw c.fail("count", "corrupt count must be 1 or more") }
            self = .corrupt(offset: try required("offset"), count: count)
        case "stall": self = .stall(ms: try size("ms"))
        case "lostWrite": self = .lostWrite(keepOld: try c.value(Bool.self, "keepOld") ?? false)
        case "staleRead": self = .staleRead
        case "clockSkew":
            guard let s = try c.value(Int.self, "seconds") else { throw c.fail("seconds", "a clockSkew action needs \"seconds\"") }
            self = .clockSkew(seconds: s)
        default: self = .expireCredentials
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(type, forKey: JSONKey("type"))
        switch self {
        case .error(let status, let code, let message):
            try c.encode(status, forKey: JSONKey("status"))
            try c.encode(code, forKey: JSONKey("code"))
            try c.encode(message, forKey: JSONKey("message"))
        case .latency(let ms, let phase):
            try c.encode(ms, forKey: JSONKey("ms"))
            try c.encode(phase, forKey: JSONKey("phase"))
        case .bandwidth(let rate): try c.encode(rate, forKey: JSONKey("bytesPerSecond"))
        case .reset(let after): try c.encodeIfPresent(after, forKey: JSONKey("afterBytes"))
        case .truncate(let after): try c.encode(after, forKey: JSONKey("afterBytes"))
        case .corrupt(let offset, let count):
            try c.encode(offset, forKey: JSONKey("offset"))
            try c.encode(count, forKey: JSONKey("count"))
        case .stall(let ms): try c.encodeIfPresent(ms, forKey: JSONKey("ms"))
        case .lostWrite(let keepOld): try c.encode(keepOld, forKey: JSONKey("keepOld"))
        case .clockSkew(let s): try c.encode(s, forKey: JSONKey("seconds"))
        case .staleRead, .expireCredentials: break
        }
    }
}

import Foundation

/// A span of time in which a `window` rule fires.
///
/// JSON, absolute (RFC 3339; either end may be omitted):
/// `{"start": "2026-01-01T00:00:00Z", "end": "2026-01-01T00:05:00Z"}`
///
/// JSON, relative to the moment the rule was added to the injector (seconds, fractions allowed;
/// `toSeconds` may be omitted for "from then on"):
/// `{"fromSeconds": 0, "toSeconds": 30}`
///
/// Both forms include the start and exclude the end. A rule re-added (same id or not) starts its relative
/// window again.
public enum FaultWindow: Codable, Sendable, Equatable {
    /// Wall-clock bounds from the injector's clock; nil means unbounded on that side.
    case absolute(start: Date?, end: Date?)
    /// Seconds after the rule was added; `to == nil` means unbounded.
    case relative(fromSeconds: Double, toSeconds: Double?)

    /// True when `now` lies in the window; `added` is when the rule was added.
    public func contains(_ now: Date, added: Date) -> Bool {
        switch self {
        case .absolute(let start, let end):
            if let start, now < start { return false }
            if let end, now >= end { return false }
            return true
        case .relative(let from, let to):
            let elapsed = now.timeIntervalSince(added)
            if elapsed < from { return false }
            if let to, elapsed >= to { return false }
            return true
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        try c.rejectUnknownKeys(allowed: ["start", "end", "fromSeconds", "toSeconds"], in: "window")
        let keys = Set(c.allKeys.map(\.stringValue))
        if keys.contains("start") || keys.contains("end") {
            guard !keys.contains("fromSeconds"), !keys.contains("toSeconds") else {
                throw c.fail("start", "a window is either absolute (start/end) or relative (fromSeconds/toSeconds), not both")
            }
            func date(_ k: String) throws -> Date? {
                guard let text = try c.value(String.self, k) else { return nil }
                guard let d = ISO8601.parse(text) else {
                    throw c.fail(k, "window \(k) \"\(text)\" is not an RFC 3339 time such as 2026-01-01T00:00:00Z")
                }
                return d
            }
            let start = try date("start"), end = try date("end")
            if let start, let end, end <= start { throw c.fail("end", "window end must be after start") }
            self = .absolute(start: start, end: end)
        } else {
            let from = try c.value(Double.self, "fromSeconds") ?? 0
            let to = try c.value(Double.self, "toSeconds")
            guard from >= 0 else { throw c.fail("fromSeconds", "fromSeconds must be 0 or more") }
            if let to, to <= from { throw c.fail("toSeconds", "toSeconds must be greater than fromSeconds") }
            self = .relative(fromSeconds: from, toSeconds: to)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        switch self {
        case .absolute(let start, let end):
            try c.encodeIfPresent(start.map(ISO8601.format), forKey: JSONKey("start"))
            try c.encodeIfPresent(end.map(ISO8601.format), forKey: JSONKey("end"))
        case .relative(let from, let to):
            try c.encode(from, forKey: JSONKey("fromSeconds"))
            try c.encodeIfPresent(to, forKey: JSONKey("toSeconds"))
        }
    }
}

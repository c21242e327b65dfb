import Foundation

/// When a matching request triggers the rule's action.
///
/// Counts are per rule and count *matching* requests (1 is the first request the rule's `match` accepted),
/// whether or not earlier ones fired.
///
/// JSON is a tagged object with exactly one key, or a bare string for the kinds without a parameter:
///
/// | JSON | fires on |
/// |---|---|
/// | `"always"` or `{"always": {}}` | every matching request (the default when `when` is omitted) |
/// | `{"probability": 0.3}` | each matching request with probability 0.3, drawn from the rule's seeded RNG |
/// | `{"first": 3}` | matching requests 1, 2, 3 |
/// | `{"every": 5}` | matching requests 5, 10, 15, … |
/// | `{"after": 10}` | matching requests 11, 12, … |
/// | `{"window": {...}}` | while the injector's clock is inside the `FaultWindow` |
/// | `"once"` or `{"once": {}}` | matching request 1 only |
public enum FaultWhen: Codable, Sendable, Equatable {
    case always
    /// 0 never fires, 1 always fires.
    case probability(Double)
    /// 0 never fires.
    case first(Int)
    /// Must be 1 or more; 1 is the same as `always`.
    case every(Int)
    /// 0 is the same as `always`.
    case after(Int)
    case window(FaultWindow)
    case once

    /// Decides for the `n`th matching request (1-based). `draw` is this request's value in [0, 1) from the
    /// rule's RNG; `now` and `added` feed time windows.
    public func fires(n: Int, draw: Double, now: Date, added: Date) -> Bool {
        switch self {
        case .always: return true
        case .probability(let p): return draw < p
        case .first(let count): return n <= count
        case .every(let step): return n % step == 0
        case .after(let count): return n > count
        case .window(let window): return window.contains(now, added: added)
        case .once: return n == 1
        }
    }

    private static let kinds = ["always", "probability", "first", "every", "after", "window", "once"]

    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            switch name {
            case "always": self = .always
            case "once": self = .once
            default:
                throw DecodingError.dataCorruptedError(in: single, debugDescription:
                    "unknown when \"\(name)\"; as a string use \"always\" or \"once\", otherwise an object with one of: \(Self.kinds.joined(separator: ", "))")
            }
            return
        }
        let c = try decoder.container(keyedBy: JSONKey.self)
        try c.rejectUnknownKeys(allowed: Set(Self.kinds), in: "when")
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription:
                "when must have exactly one of: \(Self.kinds.joined(separator: ", ")) (e.g. {\"first\": 3})"))
        }
        func count(_ minimum: Int) throws -> Int {
            let n = try c.decode(Int.self, forKey: key)
            guard n >= minimum else { throw c.fail(key.stringValue, "\(key.stringValue) must be \(minimum) or more, got \(n)") }
            return n
        }
        switch key.stringValue {
        case "always": self = .always
        case "once": self = .once
        case "probability":
            let p = try c.decode(Double.self, forKey: key)
            guard p >= 0, p <= 1 else { throw c.fail("probability", "probability must be between 0 and 1, got \(p)") }
            self = .probability(p)
        case "first": self = .first(try count(0))
        case "every": self = .every(try count(1))
        case "after": self = .after(try count(0))
        default: self = .window(try c.decode(FaultWindow.self, forKey: key))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .always:
            var s = encoder.singleValueContainer(); try s.encode("always")
        case .once:
            var s = encoder.singleValueContainer(); try s.encode("once")
        case .probability(let p):
            var c = encoder.container(keyedBy: JSONKey.self); try c.encode(p, forKey: JSONKey("probability"))
        case .first(let n):
            var c = encoder.container(keyedBy: JSONKey.self); try c.encode(n, forKey: JSONKey("first"))
        case .every(let n):
            var c = encoder.container(keyedBy: JSONKey.self); try c.encode(n, forKey: JSONKey("every"))
        case .after(let n):
            var c = encoder.container(keyedBy: JSONKey.self); try c.encode(n, forKey: JSONKey("after"))
        case .window(let w):
            var c = encoder.container(keyedBy: JSONKey.self); try c.encode(w, forKey: JSONKey("window"))
        }
    }
}

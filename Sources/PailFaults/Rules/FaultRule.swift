/// One fault rule: what to match, when to fire, what to do.
///
/// JSON:
/// ```json
/// {"id": "slow-puts", "description": "first two PUTs are throttled",
///  "match": {"operations": ["PutObject"]}, "when": {"first": 2},
///  "action": {"type": "error", "code": "SlowDown"}}
/// ```
/// `action` is required. `match` defaults to `{}` (every request), `when` to `"always"`. `id` may be
/// omitted: `FaultInjector.add(_:)` then assigns `r1`, `r2`, … in the order rules are added, so a plan
/// loaded twice gets the same ids (and therefore the same random draws).
public struct FaultRule: Codable, Sendable, Equatable {
    /// The rule's id; empty until assigned by the injector.
    public var id: String
    public var match: FaultMatch
    public var when: FaultWhen
    public var action: FaultAction
    /// Free text shown in listings.
    public var description: String?

    public init(id: String = "", match: FaultMatch = FaultMatch(), when: FaultWhen = .always,
                action: FaultAction, description: String? = nil) {
        self.id = id
        self.match = match
        self.when = when
        self.action = action
        self.description = description
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        try c.rejectUnknownKeys(allowed: ["id", "match", "when", "action", "description"], in: "rule")
        id = try c.value(String.self, "id") ?? ""
        match = try c.value(FaultMatch.self, "match") ?? FaultMatch()
        when = try c.value(FaultWhen.self, "when") ?? .always
        guard let action = try c.value(FaultAction.self, "action") else {
            throw DecodingError.keyNotFound(JSONKey("action"), .init(codingPath: decoder.codingPath,
                debugDescription: "a rule needs an \"action\", e.g. {\"type\": \"error\", \"code\": \"SlowDown\"}"))
        }
        self.action = action
        description = try c.value(String.self, "description")
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        if !id.isEmpty { try c.encode(id, forKey: JSONKey("id")) }
        try c.encodeIfPresent(description, forKey: JSONKey("description"))
        try c.encode(match, forKey: JSONKey("match"))
        try c.encode(when, forKey: JSONKey("when"))
        try c.encode(action, forKey: JSONKey("action"))
    }
}

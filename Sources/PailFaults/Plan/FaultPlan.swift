import Foundation

/// A file of rules loaded at start (`pail serve --faults FILE`).
///
/// JSON: `{"seed": 42, "rules": [ {rule}, … ]}`. `seed` is optional (default 0). A bare array of rules is
/// also accepted as a plan with seed 0.
public struct FaultPlan: Codable, Sendable, Equatable {
    public var seed: UInt64?
    public var rules: [FaultRule]

    public init(seed: UInt64? = nil, rules: [FaultRule]) {
        self.seed = seed
        self.rules = rules
    }

    public init(from decoder: Decoder) throws {
        if (try? decoder.unkeyedContainer()) != nil {
            // A bare array: decode it for real so a bad rule reports its own error.
            self.init(seed: nil, rules: try decoder.singleValueContainer().decode([FaultRule].self))
            return
        }
        let c = try decoder.container(keyedBy: JSONKey.self)
        try c.rejectUnknownKeys(allowed: ["seed", "rules"], in: "plan")
        self.init(seed: try c.value(UInt64.self, "seed"), rules: try c.value([FaultRule].self, "rules") ?? [])
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encodeIfPresent(seed, forKey: JSONKey("seed"))
        try c.encode(rules, forKey: JSONKey("rules"))
    }

    /// Decodes a plan from JSON bytes. Throws `FaultSpecError` with the JSON path of the problem.
    public static func decode(_ data: Data) throws -> FaultPlan {
        do {
            return try JSONDecoder().decode(FaultPlan.self, from: data)
        } catch let error as DecodingError {
            throw FaultSpecError(error.readableMessage)
        }
    }

    /// Reads and decodes the plan at `url`. Throws `FaultSpecError` naming the file and the problem (a
    /// missing file, invalid JSON, or which field of which rule is wrong).
    public static func load(from url: URL) throws -> FaultPlan {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FaultSpecError("\(url.path): cannot read: \(error.localizedDescription)")
        }
        do {
            return try decode(data)
        } catch let error as FaultSpecError {
            throw FaultSpecError("\(url.path): \(error.message)")
        }
    }

    /// A new injector with this plan's seed (or `seedOverride`) and rules added in order.
    public func makeInjector(seedOverride: UInt64? = nil, clock: @escaping @Sendable () -> Date = { Date() }) -> FaultInjector {
        let injector = FaultInjector(seed: seedOverride ?? seed ?? 0, clock: clock)
        injector.add(rules)
        return injector
    }
}

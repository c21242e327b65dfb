import Foundation
import PailFaults

/// Reads a `POST /_pail/faults` body: one rule object, an array of rules, or a plan-shaped
/// `{"rules": [...]}` (its `seed` ignored: the seed is fixed at start).
enum AdminRuleBody {
    /// Throws `FaultSpecError` with the JSON path of the first problem; an empty body is an error.
    static func decode(_ data: Data) throws -> [FaultRule] {
        let trimmed = data.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let first = trimmed.first else { throw FaultSpecError("empty body; send a rule or an array of rules") }
        do {
            if first == UInt8(ascii: "[") { return try JSONDecoder().decode([FaultRule].self, from: data) }
            if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["rules"] != nil {
                return try FaultPlan.decode(data).rules
            }
            return [try JSONDecoder().decode(FaultRule.self, from: data)]
        } catch let e as DecodingError {
            throw FaultSpecError(e.readableMessage)
        }
    }
}

/// One condition of a POST policy (AWS, "Creating a POST policy", sigv4-HTTPPOSTConstructPolicy.html):
/// `{"field": "value"}` or `["eq", "$field", "value"]` (exact match), `["starts-with", "$field",
/// "prefix"]` (an empty prefix allows any value), or `["content-length-range", min, max]`.
public struct PostPolicyCondition: Sendable, Equatable {
    public enum Test: Sendable, Equatable {
        case equals(String)
        case startsWith(String)
        /// The file's size in bytes must lie in `min...max`.
        case contentLengthRange(min: Int64, max: Int64)
        /// A condition S3 cannot interpret (unknown operator, wrong number of items, a value that is
        /// not a string, a field without `$`, `starts-with` on an exact-match-only field): it never holds.
        case unusable
    }

    /// The form field tested, lower-cased, without `$` (form field names are matched
    /// case-insensitively); empty for `content-length-range` and unusable conditions.
    public var field: String
    public var test: Test
    /// The condition as written in the policy, as S3 quotes it in "Policy Condition failed: …".
    public var text: String

    public init(field: String, test: Test, text: String) {
        self.field = field
        self.test = test
        self.text = text
    }

    /// Fields that only take exact matches (the table "Condition matching" of the POST policy page):
    /// `bucket`, `success_action_status`, and the `x-amz-*` fields other than user metadata.
    static func allowsStartsWith(_ field: String) -> Bool {
        if field == "bucket" || field == "success_action_status" { return false }
        if field.hasPrefix("x-amz-") { return field.hasPrefix("x-amz-meta-") }
        return true
    }

    /// Reads one element of the policy's `conditions`; throws InvalidPolicyDocument for an element
    /// that is neither a one-member object of a string nor an array.
    static func parse(_ value: JSONValue) throws -> PostPolicyCondition {
        switch value {
        case .object(let members):
            guard members.count == 1, let (name, member) = members.first else {
                throw S3Error.invalidPolicyDocument("Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.")
            }
            guard let expected = member.string else {
                throw S3Error.invalidPolicyDocument("Invalid Policy: Invalid Simple-Condition: value must be a string.")
            }
            let field = name.hasPrefix("$") ? String(name.dropFirst()) : name
            return PostPolicyCondition(field: field.lowercased(), test: .equals(expected), text: value.text)
        case .array(let items):
            return parse(items, text: value.text)
        default:
            throw S3Error.invalidPolicyDocument("Invalid Policy: Invalid Condition: a condition must be an array or an object.")
        }
    }

    private static func parse(_ items: [JSONValue], text: String) -> PostPolicyCondition {
        let unusable = PostPolicyCondition(field: "", test: .unusable, text: text)
        guard items.count == 3, let operation = items[0].string?.lowercased() else { return unusable }
        if operation == "content-length-range" {
            guard let min = integer(items[1]), let max = integer(items[2]), min >= 0, max >= 0 else { return unusable }
            return PostPolicyCondition(field: "", test: .contentLengthRange(min: min, max: max), text: text)
        }
        guard let name = items[1].string, name.hasPrefix("$"), let operand = items[2].string else { return unusable }
        let field = String(name.dropFirst()).lowercased()
        switch operation {
        case "eq": return PostPolicyCondition(field: field, test: .equals(operand), text: text)
        case "starts-with":
            guard allowsStartsWith(field) else { return unusable }
            return PostPolicyCondition(field: field, test: .startsWith(operand), text: text)
        default: return unusable
        }
    }

    /// A size: a JSON integer, or a string of decimal digits (some SDKs quote them).
    private static func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case .integer(let i): return i
        case .string(let s): return Int64(s)
        default: return nil
        }
    }
}

import Foundation

/// The policy document of a browser POST upload: when it expires and the conditions every form must
/// meet (AWS, "Creating a POST policy", sigv4-HTTPPOSTConstructPolicy.html). The form carries it as
/// base64 of UTF-8 JSON in its `policy` field; that field, as sent, is what the form's signature signs.
public struct PostPolicy: Sendable, Equatable {
    public var expiration: Date
    public var conditions: [PostPolicyCondition]

    public init(expiration: Date, conditions: [PostPolicyCondition]) {
        self.expiration = expiration
        self.conditions = conditions
    }

    /// Decodes the `policy` field. Throws InvalidPolicyDocument (400) when it is not base64 of a JSON
    /// object, has no `expiration` (ISO 8601, `2007-12-01T12:00:00.000Z`) or no `conditions` array,
    /// or holds a condition that is neither an array nor a one-member object of a string.
    /// Whitespace in the field is ignored (some libraries wrap base64 lines).
    public static func parse(base64 field: String) throws -> PostPolicy {
        let compact = String(field.unicodeScalars.filter { !$0.properties.isWhitespace })
        guard let bytes = base64Decode(compact),
              let document = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)),
              case .object(let members) = document else {
            throw S3Error.invalidPolicyDocument("Invalid Policy: Invalid JSON.")
        }
        guard let expirationValue = members["expiration"] else {
            throw S3Error.invalidPolicyDocument("Invalid Policy: Policy missing expiration.")
        }
        guard let text = expirationValue.string, let expiration = S3Date.parseISO8601(text) else {
            throw S3Error.invalidPolicyDocument("Invalid Policy: Invalid 'expiration' value: '\(expirationValue.string ?? expirationValue.text)'")
        }
        guard let conditionsValue = members["conditions"] else {
            throw S3Error.invalidPolicyDocument("Invalid Policy: Policy missing conditions.")
        }
        guard case .array(let items) = conditionsValue else {
            throw S3Error.invalidPolicyDocument("Invalid Policy: Invalid 'conditions' value: it must be an array.")
        }
        return PostPolicy(expiration: expiration, conditions: try items.map(PostPolicyCondition.parse))
    }
}

/// Matching a form against its policy (AWS, "Creating a POST policy", "Condition matching").
extension PostPolicy {
    /// Whether a form may carry the field (lower-cased) without a condition naming it: AWS, "Each
    /// form field that you specify in a form (except x-amz-signature, file, policy, and field names
    /// that have an x-ignore- prefix) must appear in the list of conditions"; a Signature Version 2
    /// form's `AWSAccessKeyId` and `signature` likewise.
    public static func isExempt(_ field: String) -> Bool {
        switch field {
        case "x-amz-signature", "file", "policy", "awsaccesskeyid", "signature": return true
        default: return field.hasPrefix("x-ignore-")
        }
    }

    /// Checks the form fields (names as sent, before the file) against every condition, in the
    /// policy's order, then that every field is named by some condition. `bucket` is the bucket the
    /// request is for: conditions on `$bucket` test it, and it counts as a field that must be covered.
    ///
    /// Throws AccessDenied "Invalid according to Policy: Policy Condition failed: <condition>" for
    /// the first condition that does not hold, then "Invalid according to Policy: Extra input
    /// fields: <names>". Returns the allowed file sizes (every `content-length-range` at once; `min`
    /// above `max` when they cannot all hold, so that no size fits), nil when the policy sets none.
    public func check(fields: [(name: String, value: String)], bucket: String) throws -> (min: Int64, max: Int64)? {
        var values: [String: String] = [:]
        var names = ["bucket"]
        for (name, value) in fields {
            let lowered = name.lowercased()
            if lowered == "bucket" { continue }
            if values[lowered] == nil {
                values[lowered] = value
                names.append(lowered)
            }
        }
        // A `bucket` field, if any, does not choose the bucket: the request's address does.
        values["bucket"] = bucket
        var covered = Set<String>()
        var lower: Int64 = 0, upper = Int64.max, hasRange = false
        for condition in conditions {
            let value = values[condition.field] ?? ""
            switch condition.test {
            case .equals(let expected):
                covered.insert(condition.field)
                guard value == expected else { throw S3Error.postPolicyConditionFailed(condition.text) }
            case .startsWith(let prefix):
                covered.insert(condition.field)
                guard Self.startsWith(value, prefix, field: condition.field) else {
                    throw S3Error.postPolicyConditionFailed(condition.text)
                }
            case .contentLengthRange(let min, let max):
                hasRange = true
                lower = Swift.max(lower, min)
                upper = Swift.min(upper, max)
            case .unusable:
                throw S3Error.postPolicyConditionFailed(condition.text)
            }
        }
        let extra = names.filter { !covered.contains($0) && !Self.isExempt($0) }
        if !extra.isEmpty { throw S3Error.postExtraInputFields(extra) }
        return hasRange ? (lower, upper) : nil
    }

    /// `starts-with`; for `Content-Type`, a comma-separated list whose every member must start with
    /// the prefix (AWS: "If a Content-Type … contains multiple values separated by commas, each
    /// value must match").
    private static func startsWith(_ value: String, _ prefix: String, field: String) -> Bool {
        if prefix.isEmpty { return true }
        guard field == "content-type", value.contains(",") else { return value.hasPrefix(prefix) }
        return value.split(separator: ",").allSatisfy { String($0).trimmedHeaderSpaces().hasPrefix(prefix) }
    }
}

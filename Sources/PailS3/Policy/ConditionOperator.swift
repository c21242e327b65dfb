/// The condition operators of the IAM policy language (IAM User Guide, "IAM JSON policy elements:
/// Condition operators"), without their `IfExists` suffix or `ForAnyValue:`/`ForAllValues:` prefix.
public enum ConditionOperator: String, CaseIterable, Sendable {
    case stringEquals = "StringEquals", stringNotEquals = "StringNotEquals"
    case stringEqualsIgnoreCase = "StringEqualsIgnoreCase", stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
    case stringLike = "StringLike", stringNotLike = "StringNotLike"
    case numericEquals = "NumericEquals", numericNotEquals = "NumericNotEquals"
    case numericLessThan = "NumericLessThan", numericLessThanEquals = "NumericLessThanEquals"
    case numericGreaterThan = "NumericGreaterThan", numericGreaterThanEquals = "NumericGreaterThanEquals"
    case dateEquals = "DateEquals", dateNotEquals = "DateNotEquals"
    case dateLessThan = "DateLessThan", dateLessThanEquals = "DateLessThanEquals"
    case dateGreaterThan = "DateGreaterThan", dateGreaterThanEquals = "DateGreaterThanEquals"
    case bool = "Bool"
    case binaryEquals = "BinaryEquals"
    case ipAddress = "IpAddress", notIpAddress = "NotIpAddress"
    case arnEquals = "ArnEquals", arnLike = "ArnLike", arnNotEquals = "ArnNotEquals", arnNotLike = "ArnNotLike"
    case null = "Null"

    /// The operators that hold when the value does *not* match: "If the key that you specify in a
    /// policy condition is not present in the request context, the values do not match and the
    /// condition is false. If the policy condition requires that the key is not matched, such as
    /// StringNotLike or ArnNotLike, and the right key is not present, the condition is true."
    public var isNegated: Bool {
        switch self {
        case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
             .notIpAddress, .arnNotEquals, .arnNotLike:
            return true
        default:
            return false
        }
    }

    enum Family { case string, numeric, date, bool, binary, ip, arn, null }

    var family: Family {
        switch self {
        case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike,
             .stringNotLike:
            return .string
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
             .numericGreaterThanEquals:
            return .numeric
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            return .date
        case .bool: return .bool
        case .binaryEquals: return .binary
        case .ipAddress, .notIpAddress: return .ip
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: return .arn
        case .null: return .null
        }
    }

    /// Reads a condition block's name: `[ForAnyValue:|ForAllValues:]Operator[IfExists]`. Names are
    /// case-sensitive, and `Null` takes no `IfExists`. Nil for anything else.
    static func parse(_ name: String) -> (ConditionOperator, PolicyCondition.SetQualifier, Bool)? {
        var rest = Substring(name)
        var qualifier = PolicyCondition.SetQualifier.none
        if rest.hasPrefix("ForAnyValue:") {
            qualifier = .forAnyValue
            rest = rest.dropFirst("ForAnyValue:".count)
        } else if rest.hasPrefix("ForAllValues:") {
            qualifier = .forAllValues
            rest = rest.dropFirst("ForAllValues:".count)
        }
        var ifExists = false
        if rest.hasSuffix("IfExists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let op = ConditionOperator(rawValue: String(rest)) else { return nil }
        if op == .null && ifExists { return nil }
        return (op, qualifier, ifExists)
    }
}

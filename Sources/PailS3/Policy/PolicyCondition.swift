import Foundation

/// One key test of a statement's Condition block: `"StringLike": {"s3:prefix": ["home/*"]}` gives one
/// `PolicyCondition` per key. A statement applies only when all its conditions hold; within one, any
/// of the values may match (IAM User Guide, "Creating a condition with multiple context keys or values").
public final class PolicyCondition: Sendable {
    /// `ForAnyValue:` / `ForAllValues:` (IAM User Guide, "Multivalued context keys").
    public enum SetQualifier: Sendable { case none, forAnyValue, forAllValues }

    public let op: ConditionOperator
    public let qualifier: SetQualifier
    public let ifExists: Bool
    /// The condition key, lower-cased.
    public let key: String
    /// The values as written (numbers and booleans as their JSON text).
    public let values: [String]
    /// Per value, parsed once: numbers, dates (seconds since 1970) and address ranges.
    let numbers: [Double?]
    let ranges: [IPRange?]
    let hasVariables: Bool

    init(op: ConditionOperator, qualifier: SetQualifier, ifExists: Bool, key: String, values: [String]) {
        self.op = op
        self.qualifier = qualifier
        self.ifExists = ifExists
        self.key = key
        self.values = values
        switch op.family {
        case .numeric: numbers = values.map { Double($0) }
        case .date: numbers = values.map(Self.epochSeconds)
        default: numbers = []
        }
        ranges = op.family == .ip ? values.map { IPRange($0) } : []
        hasVariables = op.family == .string || op.family == .arn ? values.contains { $0.contains("${") } : false
    }

    /// Whether the condition holds for the request. `variables`: substitute policy variables in
    /// string and ARN values (2012-10-17 documents).
    public func holds(_ context: PolicyContext, variables: Bool) -> Bool {
        let requestValues = context.values(forKey: key)
        if op == .null {
            // "Null": true means the key must be absent, false that it must be present.
            let wantsAbsent = values.first?.lowercased() == "true"
            return (requestValues == nil || requestValues!.isEmpty) == wantsAbsent
        }
        if op.family == .ip { return holdsForAddresses(context) }
        guard let requestValues, !requestValues.isEmpty else {
            switch qualifier {
            case .forAllValues: return true
            case .forAnyValue: return ifExists
            case .none: return ifExists || op.isNegated
            }
        }
        // Values holding policy variables are substituted once per evaluation; the rest are used as written.
        let substituted: [String?]? = variables && hasVariables ? values.map { PolicyVariables.substitute($0, context) } : nil
        // Per request value: does it match any policy value (positive operators), or none (negated)?
        func satisfied(_ value: String) -> Bool {
            var any = false
            for i in values.indices where matches(value, i, substituted == nil ? values[i] : substituted![i]) { any = true; break }
            return op.isNegated ? !any : any
        }
        switch qualifier {
        case .forAllValues: return requestValues.allSatisfy(satisfied)
        case .forAnyValue: return requestValues.contains(where: satisfied)
        case .none:
            return op.isNegated ? requestValues.allSatisfy(satisfied) : requestValues.contains(where: satisfied)
        }
    }

    /// IpAddress / NotIpAddress, on addresses the context parsed once.
    private func holdsForAddresses(_ context: PolicyContext) -> Bool {
        guard let addresses = context.addresses(forKey: key), !addresses.isEmpty else {
            switch qualifier {
            case .forAllValues: return true
            case .forAnyValue: return ifExists
            case .none: return ifExists || op.isNegated
            }
        }
        func satisfied(_ address: IPAddress) -> Bool {
            var any = false
            for range in ranges where range?.contains(address) == true { any = true; break }
            return op.isNegated ? !any : any
        }
        switch qualifier {
        case .forAllValues: return addresses.allSatisfy(satisfied)
        case .forAnyValue: return addresses.contains(where: satisfied)
        case .none: return op.isNegated ? addresses.allSatisfy(satisfied) : addresses.contains(where: satisfied)
        }
    }

    /// Whether one request value matches the policy value at `i` (before negation).
    private func matches(_ value: String, _ i: Int, _ policyValue: String?) -> Bool {
        switch op.family {
        case .string:
            guard let p = policyValue else { return false }
            switch op {
            case .stringEquals, .stringNotEquals: return value == p
            case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase: return Self.equalFoldingCase(value, p)
            default: return Wildcard.matches(p, value)
            }
        case .arn:
            guard let p = policyValue else { return false }
            return Wildcard.matches(p, value)
        case .numeric:
            guard let n = numbers[i], let v = Double(value) else { return false }
            return compare(v, n)
        case .date:
            guard let n = numbers[i], let v = Self.epochSeconds(value) else { return false }
            return compare(v, n)
        case .bool:
            return Self.equalFoldingCase(value, values[i])
        case .binary:
            return value == values[i]
        case .ip:
            guard let range = ranges[i], let address = IPAddress(value) else { return false }
            return range.contains(address)
        case .null:
            return false
        }
    }

    /// Equal when compared without regard to case; ASCII without allocating, else through lowercasing.
    static func equalFoldingCase(_ a: String, _ b: String) -> Bool {
        if a.utf8.count != b.utf8.count { return a.lowercased() == b.lowercased() }
        var ascii = true
        let same = zip(a.utf8, b.utf8).allSatisfy { x, y in
            if x >= 0x80 || y >= 0x80 { ascii = false; return true }
            return x | (x >= 65 && x <= 90 ? 0x20 : 0) == y | (y >= 65 && y <= 90 ? 0x20 : 0)
        }
        return ascii ? same : a.lowercased() == b.lowercased()
    }

    private func compare(_ v: Double, _ n: Double) -> Bool {
        switch op {
        case .numericEquals, .numericNotEquals, .dateEquals, .dateNotEquals: return v == n
        case .numericLessThan, .dateLessThan: return v < n
        case .numericLessThanEquals, .dateLessThanEquals: return v <= n
        case .numericGreaterThan, .dateGreaterThan: return v > n
        case .numericGreaterThanEquals, .dateGreaterThanEquals: return v >= n
        default: return false
        }
    }

    /// A date value: ISO 8601 (`2025-01-01T00:00:00Z`, or a bare `2025-01-01`) or seconds since 1970.
    static func epochSeconds(_ text: String) -> Double? {
        if let seconds = Double(text), text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) { return seconds }
        if let d = S3Date.parseISO8601(text) { return d.timeIntervalSince1970 }
        if text.count == 10, let d = S3Date.parseISO8601(text + "T00:00:00Z") { return d.timeIntervalSince1970 }
        if text.hasSuffix("+00:00"), let d = S3Date.parseISO8601(String(text.dropLast(6)) + "Z") { return d.timeIntervalSince1970 }
        return nil
    }
}

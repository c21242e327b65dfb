/// Reading a policy document, with S3's checks and messages (S3 API reference, PutBucketPolicy;
/// IAM User Guide, "IAM JSON policy element reference" and "Grammar of the IAM JSON policy language").
/// The first fault found is the answer.
extension Policy {
    /// Bucket policies are limited to 20 KB (S3 User Guide, "Bucket policies for Amazon S3").
    public static let maximumSize = 20 * 1024

    /// Parses `bytes`. `isKnownPrincipal` judges each `AWS` principal value other than `*` (ARNs,
    /// account ids, access keys); a value it refuses is "Invalid principal in policy".
    public static func parse(_ bytes: [UInt8], kind: Kind,
                             isKnownPrincipal: (String) -> Bool = Policy.isWellFormedPrincipal) throws -> Policy {
        guard bytes.first == UInt8(ascii: "{") else { throw PolicyError.notJSON }
        guard let value = PolicyJSON.parse(bytes) else { throw PolicyError.invalidJSON }
        guard bytes.count <= maximumSize else { throw PolicyError.tooLarge }
        return try parse(value, kind: kind, isKnownPrincipal: isKnownPrincipal)
    }

    /// Parses an already decoded document (an inline policy of the configuration file).
    public static func parse(_ value: PolicyJSON, kind: Kind,
                             isKnownPrincipal: (String) -> Bool = Policy.isWellFormedPrincipal) throws -> Policy {
        guard case .object(let members) = value else { throw PolicyError.notJSON }
        var version: String?
        var statement: PolicyJSON?
        for m in members {
            switch m.name {
            case "Version":
                guard version == nil, case .string(let v) = m.value, v == "2012-10-17" || v == "2008-10-17" else {
                    throw PolicyError.version
                }
                version = v
            case "Id":
                guard case .string = m.value else { throw PolicyError.syntax }
            case "Statement":
                guard statement == nil else { throw PolicyError.syntax }
                statement = m.value
            default:
                throw PolicyError.syntax
            }
        }
        guard let statement else { throw PolicyError.missingStatement }
        let items: [PolicyJSON]
        switch statement {
        case .array(let list):
            guard !list.isEmpty else { throw PolicyError.emptyStatement }
            items = list
        case .object: items = [statement]
        default: throw PolicyError.syntax
        }
        var statements: [PolicyStatement] = []
        var sids = Set<String>()
        for (i, item) in items.enumerated() {
            let s = try parseStatement(item, index: i, kind: kind, isKnownPrincipal: isKnownPrincipal)
            if let sid = s.sid, !sid.isEmpty {
                // IAM: "The Sid element … must be unique within a JSON policy"; S3 refuses repeats too.
                guard sids.insert(sid).inserted else { throw PolicyError.syntax }
            }
            statements.append(s)
        }
        return Policy(version: version ?? "2008-10-17", statements: statements)
    }

    private static func parseStatement(_ value: PolicyJSON, index: Int, kind: Kind,
                                       isKnownPrincipal: (String) -> Bool) throws -> PolicyStatement {
        guard case .object(let members) = value else { throw PolicyError.syntax }
        var sid: String?
        var effect: PolicyJSON?, principal: (PolicyJSON, Bool)?, action: (PolicyJSON, Bool)?
        var resource: (PolicyJSON, Bool)?, condition: PolicyJSON?
        func once<T>(_ slot: inout T?, _ v: T) throws {
            guard slot == nil else { throw PolicyError.syntax }
            slot = v
        }
        for m in members {
            switch m.name {
            case "Sid":
                guard sid == nil, case .string(let s) = m.value else { throw PolicyError.syntax }
                sid = s
            case "Effect": try once(&effect, m.value)
            case "Principal": try once(&principal, (m.value, false))
            case "NotPrincipal": try once(&principal, (m.value, true))
            case "Action": try once(&action, (m.value, false))
            case "NotAction": try once(&action, (m.value, true))
            case "Resource": try once(&resource, (m.value, false))
            case "NotResource": try once(&resource, (m.value, true))
            case "Condition": try once(&condition, m.value)
            default: throw PolicyError.syntax
            }
        }
        guard let effect else { throw PolicyError.missingEffect }
        guard case .string(let effectName) = effect else { throw PolicyError.syntax }
        guard effectName == "Allow" || effectName == "Deny" else { throw PolicyError.effect(effectName) }
        let allows = effectName == "Allow"

        var principals: PolicyPrincipals?
        var notPrincipal = false
        switch kind {
        case .bucket:
            guard let (p, not) = principal else { throw PolicyError.missingPrincipal }
            principals = try parsePrincipal(p, isKnownPrincipal: isKnownPrincipal)
            notPrincipal = not
            // "NotPrincipal … must be used with "Effect":"Deny"" (IAM User Guide, NotPrincipal).
            if not && allows { throw PolicyError.principal }
        case .identity, .session:
            if principal != nil { throw PolicyError.principalNotAllowed }
        }

        guard let (actionValue, notAction) = action else { throw PolicyError.missingAction }
        let actionPatterns = try strings(actionValue)
        guard !actionPatterns.isEmpty else { throw PolicyError.action }
        var actions = S3ActionSet()
        for pattern in actionPatterns {
            let lower = pattern.lowercased()
            let matched = S3ActionSet.matching(pattern)
            switch kind {
            case .bucket:
                // A bucket policy names S3 actions only, each pattern naming at least one.
                guard lower == "*" || lower.hasPrefix("s3:"), !matched.isEmpty else { throw PolicyError.action }
            case .identity, .session:
                // IAM takes any `service:action`; only S3's concern Pail.
                guard lower == "*" || lower.split(separator: ":").count == 2 else { throw PolicyError.action }
            }
            actions.formUnion(matched)
        }

        guard let (resourceValue, notResource) = resource else { throw PolicyError.missingResource }
        let resourceTexts = try strings(resourceValue)
        guard !resourceTexts.isEmpty else { throw PolicyError.resource }
        for text in resourceTexts { try checkResource(text, kind: kind) }
        let resources = resourceTexts.map(ResourcePattern.init)

        if case .bucket = kind, !notAction, !notResource {
            // Each action must apply to a resource the statement names (an object action to an object
            // ARN, a bucket action to the bucket's ARN).
            let reachesObject = resourceTexts.contains { $0.dropFirst(arnPrefix.count).contains("/") || $0.contains("*") }
            let reachesBucket = resourceTexts.contains { !$0.dropFirst(arnPrefix.count).contains("/") }
            for pattern in actionPatterns {
                let named = S3ActionSet.matching(pattern).members
                let applies = named.contains { a in
                    switch a.resource {
                    case .object: return reachesObject
                    case .bucket: return reachesBucket
                    case .account: return false
                    }
                }
                if !applies { throw PolicyError.notApplicable }
            }
        }

        let statement = PolicyStatement(sid: sid, label: sid.flatMap { $0.isEmpty ? nil : $0 } ?? "Statement[\(index)]",
                                        allows: allows, principals: principals, notPrincipal: notPrincipal, actions: actions,
                                        notAction: notAction, resources: resources, notResource: notResource,
                                        conditions: try condition.map(parseConditions) ?? [])
        return statement
    }

    static let arnPrefix = "arn:aws:s3:::"

    /// A bucket policy's resources are this bucket and its objects ("Policy has invalid resource");
    /// an identity policy's are ARNs or `*`.
    private static func checkResource(_ text: String, kind: Kind) throws {
        switch kind {
        case .bucket(let bucket):
            guard text.hasPrefix(arnPrefix), text.count > arnPrefix.count else { throw PolicyError.resource }
            let rest = text.dropFirst(arnPrefix.count)
            let named = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard named.contains("${") || Wildcard.matches(String(named), bucket) else { throw PolicyError.resource }
        case .identity, .session:
            guard text == "*" || text.hasPrefix("arn:") else { throw PolicyError.resource }
        }
    }

    /// A Principal: `"*"`, or an object of `AWS`, `CanonicalUser`, `Service` and `Federated`, each one
    /// value or a list.
    private static func parsePrincipal(_ value: PolicyJSON, isKnownPrincipal: (String) -> Bool) throws -> PolicyPrincipals {
        if case .string("*") = value { return PolicyPrincipals(everyone: true) }
        guard case .object(let members) = value, !members.isEmpty else { throw PolicyError.principal }
        var everyone = false
        var aws = Set<String>(), canonical = Set<String>()
        var services: [String] = []
        for m in members {
            guard let listed = try? strings(m.value), !listed.isEmpty, !listed.contains(where: \.isEmpty) else {
                throw PolicyError.principal
            }
            switch m.name {
            case "AWS":
                for v in listed {
                    if v == "*" { everyone = true; continue }
                    guard isKnownPrincipal(v) else { throw PolicyError.principal }
                    aws.insert(v)
                }
            case "CanonicalUser":
                for v in listed {
                    guard v.count == 64, v.allSatisfy(\.isHexDigit) else { throw PolicyError.principal }
                    canonical.insert(v.lowercased())
                }
            case "Service", "Federated":
                guard !listed.contains("*") else { throw PolicyError.principal }
                services += listed
            default:
                throw PolicyError.principal
            }
        }
        return PolicyPrincipals(everyone: everyone, aws: aws, canonicalUsers: canonical, services: services)
    }

    /// The shapes an `AWS` principal may take: a 12-digit account id, an IAM or STS ARN, or (a Pail
    /// extension for configured users) an access key.
    public static func isWellFormedPrincipal(_ v: String) -> Bool {
        if v.count == 12, v.allSatisfy(\.isNumber) { return true }
        if v.hasPrefix("arn:aws:iam::") || v.hasPrefix("arn:aws:sts::") {
            let parts = v.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            return parts.count == 6 && parts[4].count == 12 && parts[4].allSatisfy(\.isNumber) && !parts[5].isEmpty
        }
        return !v.contains(":") && !v.contains("*") && !v.isEmpty
    }

    private static func parseConditions(_ value: PolicyJSON) throws -> [PolicyCondition] {
        guard case .object(let blocks) = value else { throw PolicyError.syntax }
        var out: [PolicyCondition] = []
        for block in blocks {
            guard let (op, qualifier, ifExists) = ConditionOperator.parse(block.name) else {
                throw PolicyError.conditionType(block.name)
            }
            guard case .object(let keys) = block.value else { throw PolicyError.syntax }
            for k in keys {
                guard ConditionKeys.isValid(k.name) else { throw PolicyError.conditionKey }
                let values: [String]
                switch k.value {
                case .array(let items):
                    values = try items.map { guard let t = $0.scalarText else { throw PolicyError.syntax }; return t }
                default:
                    guard let t = k.value.scalarText else { throw PolicyError.syntax }
                    values = [t]
                }
                let condition = PolicyCondition(op: op, qualifier: qualifier, ifExists: ifExists,
                                                key: k.name.lowercased(), values: values)
                try check(condition)
                out.append(condition)
            }
        }
        return out
    }

    private static func check(_ c: PolicyCondition) throws {
        switch c.op.family {
        case .ip:
            if c.ranges.contains(where: { $0 == nil }) { throw PolicyError.ipAddress }
        case .numeric, .date:
            if c.numbers.contains(where: { $0 == nil }) { throw PolicyError.conditionValue(c.op.rawValue) }
        case .bool, .null:
            if c.values.contains(where: { !["true", "false"].contains($0.lowercased()) }) {
                throw PolicyError.conditionValue(c.op.rawValue)
            }
        default: break
        }
    }

    /// An element that is one string or a list of strings.
    private static func strings(_ value: PolicyJSON) throws -> [String] {
        switch value {
        case .string(let s): return [s]
        case .array(let items):
            return try items.map { guard case .string(let s) = $0 else { throw PolicyError.syntax }; return s }
        default: throw PolicyError.syntax
        }
    }
}

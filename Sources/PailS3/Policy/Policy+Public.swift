/// Whether a bucket policy is public, for GetBucketPolicyStatus, BlockPublicPolicy and
/// RestrictPublicBuckets (S3 User Guide, "Blocking public access to your Amazon S3 storage", "The
/// meaning of public"): "To be considered non-public, a bucket policy must grant access only to
/// fixed values (values that don't contain a wildcard or an AWS Identity and Access Management
/// Policy Variable)" of a principal or of keys such as `aws:SourceIp` (no wider than /8 for IPv4,
/// /32 for IPv6), `aws:SourceArn`, `aws:SourceVpc(e)`, `aws:SourceOwner`, `aws:SourceAccount`,
/// `aws:userid`, `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalOrgID` and the
/// `s3:DataAccessPoint*` keys.
extension Policy {
    public var isPublic: Bool {
        statements.contains { $0.allows && $0.isPublic }
    }
}

extension PolicyStatement {
    /// An Allow that reaches everyone unless a condition fixes who may use it.
    public var isPublic: Bool {
        guard let principals, principals.everyone || notPrincipal else { return false }
        return !conditions.contains(where: \.confinesRequester)
    }
}

extension PolicyCondition {
    static let confiningKeys: Set<String> = [
        "aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceowner", "aws:sourceaccount",
        "aws:principalorgid", "aws:principalarn", "aws:principalaccount", "aws:userid",
        "s3:dataaccesspointarn", "s3:dataaccesspointaccount",
    ]

    /// Whether the condition pins the request to fixed values of a key S3 counts as confining. A
    /// condition that a request lacking the key satisfies (`…IfExists`, `ForAllValues`, negated
    /// operators) pins nothing.
    var confinesRequester: Bool {
        if ifExists || qualifier == .forAllValues || op.isNegated { return false }
        if key == "aws:sourceip" {
            guard op == .ipAddress else { return false }
            return ranges.allSatisfy { r in r.map { $0.prefix >= ($0.address.count == 4 ? 8 : 32) } ?? false }
        }
        guard Self.confiningKeys.contains(key) else { return false }
        guard [.stringEquals, .stringEqualsIgnoreCase, .stringLike, .arnEquals, .arnLike].contains(op) else { return false }
        return values.allSatisfy { !Wildcard.hasWildcard($0) && !$0.contains("${") }
    }
}

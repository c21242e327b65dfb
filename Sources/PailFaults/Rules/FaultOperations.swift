import PailS3

/// The operation names a fault rule may match: S3's (the server's own routing enum, so the two
/// cannot drift apart), STS actions, and the IMDS endpoints. A rule naming anything else is refused
/// when it is loaded: a typo would otherwise match nothing, silently.
public enum FaultOperations {
    public static let sts = ["AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity", "GetSessionToken"]
    public static let imds = ["GetToken", "ListRoles", "GetRoleCredentials", "GetMetadata"]

    /// Every name a rule may use, in S3's spelling.
    public static let all: [String] = S3Operation.allCases.filter { $0 != .unknown }.map(\.rawValue) + sts + imds

    private static let lowercased = Set(all.map { $0.lowercased() })

    /// Whether `name` is a known operation (case-insensitive, as matching is).
    public static func isKnown(_ name: String) -> Bool { lowercased.contains(name.lowercased()) }
}

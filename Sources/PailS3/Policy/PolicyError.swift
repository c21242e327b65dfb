/// Why a policy document was refused, with the message S3 sends in its 400 MalformedPolicy
/// (PutBucketPolicy). The same messages serve identity policies in the configuration file and STS
/// session policies (MalformedPolicyDocument).
public struct PolicyError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// The S3 wire error.
    public var s3: S3Error { S3Error("MalformedPolicy", 400, message) }

    static let notJSON = PolicyError("Policies must be valid JSON and the first byte must be '{'")
    static let invalidJSON = PolicyError("This policy contains invalid Json")
    static let tooLarge = PolicyError("Normalized policy document exceeds the maximum allowed size of 20480 bytes")
    static let syntax = PolicyError("Invalid policy syntax.")
    static let version = PolicyError("The policy must contain a valid version string")
    static let missingStatement = PolicyError("Missing required field Statement")
    static let emptyStatement = PolicyError("Could not parse the policy: Statement is empty!")
    static let missingEffect = PolicyError("Missing required field Effect")
    static func effect(_ e: String) -> PolicyError { PolicyError("Invalid effect: \(e)") }
    static let missingPrincipal = PolicyError("Missing required field Principal")
    static let principalNotAllowed = PolicyError("Policy document should not specify a principal.")
    static let principal = PolicyError("Invalid principal in policy")
    static let missingAction = PolicyError("Missing required field Action")
    static let action = PolicyError("Policy has invalid action")
    static let missingResource = PolicyError("Missing required field Resource")
    static let resource = PolicyError("Policy has invalid resource")
    static let notApplicable = PolicyError("Action does not apply to any resource(s) in statement")
    static func conditionType(_ t: String) -> PolicyError { PolicyError("Invalid Condition type : \(t)") }
    static let conditionKey = PolicyError("Policy has an invalid condition key")
    static let ipAddress = PolicyError("Invalid IP address in Conditions")
    static func conditionValue(_ op: String) -> PolicyError { PolicyError("Invalid value in Conditions for operator \(op)") }
}

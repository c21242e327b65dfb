/// A bucket's CORS configuration (AWS API reference, PutBucketCors): rules tried in order, the first
/// one that allows a request deciding the `Access-Control-*` answer.
public struct CORSConfiguration: Sendable, Equatable, Codable {
    public var rules: [CORSRule]

    public init(rules: [CORSRule]) { self.rules = rules }

    /// S3 holds at most 100 rules per bucket.
    public static let maxRules = 100
    /// The methods a rule may allow.
    public static let methods: Set<String> = ["GET", "PUT", "HEAD", "POST", "DELETE"]

    /// The first rule whose origins match `origin` and whose methods include `method` (exactly, as
    /// S3 compares them) and that allows every header in `requestHeaders`; with the `AllowedOrigin`
    /// entry that matched. Nil when no rule allows the request.
    public func match(origin: String, method: String, requestHeaders: [String] = []) -> (rule: CORSRule, origin: String)? {
        for rule in rules where rule.allowedMethods.contains(method) {
            guard let matched = rule.matchingOrigin(origin), rule.allowsHeaders(requestHeaders) else { continue }
            return (rule, matched)
        }
        return nil
    }
}

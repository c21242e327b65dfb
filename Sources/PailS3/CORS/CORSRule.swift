/// One rule of a bucket's CORS configuration (AWS API reference, `CORSRule`): which origins may use
/// which methods with which request headers, and what the browser may read of the response.
public struct CORSRule: Sendable, Equatable, Codable {
    public var id: String?
    /// Origins, each with at most one `*` wildcard (`https://*.example.com`, `*`).
    public var allowedOrigins: [String]
    /// `GET`, `PUT`, `HEAD`, `POST`, `DELETE`.
    public var allowedMethods: [String]
    /// Headers a preflight may ask for, each with at most one `*`; matched case-insensitively.
    public var allowedHeaders: [String]
    /// Response headers the browser may expose to the page.
    public var exposeHeaders: [String]
    /// How long a browser may cache the preflight answer.
    public var maxAgeSeconds: Int?

    public init(id: String? = nil, allowedOrigins: [String], allowedMethods: [String], allowedHeaders: [String] = [],
                exposeHeaders: [String] = [], maxAgeSeconds: Int? = nil) {
        self.id = id
        self.allowedOrigins = allowedOrigins
        self.allowedMethods = allowedMethods
        self.allowedHeaders = allowedHeaders
        self.exposeHeaders = exposeHeaders
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// The `AllowedOrigin` entry that `origin` matches (case-sensitively, as browsers send origins
    /// in their serialised, lower-case form), or nil.
    public func matchingOrigin(_ origin: String) -> String? {
        allowedOrigins.first { Self.wildcardMatch($0, origin, caseInsensitive: false) }
    }

    /// Whether every header name in `requested` matches some `AllowedHeader`, case-insensitively.
    public func allowsHeaders(_ requested: [String]) -> Bool {
        requested.allSatisfy { name in allowedHeaders.contains { Self.wildcardMatch($0, name, caseInsensitive: true) } }
    }

    /// `pattern` with at most one `*` standing for any run of characters (none included) against `value`.
    static func wildcardMatch(_ pattern: String, _ value: String, caseInsensitive: Bool) -> Bool {
        let p = caseInsensitive ? pattern.lowercased() : pattern
        let v = caseInsensitive ? value.lowercased() : value
        guard let star = p.firstIndex(of: "*") else { return p == v }
        let prefix = p[..<star], suffix = p[p.index(after: star)...]
        return v.utf8.count >= prefix.utf8.count + suffix.utf8.count && v.hasPrefix(prefix) && v.hasSuffix(suffix)
    }
}

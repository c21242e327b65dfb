/// What a request offers a policy's conditions and variables: the values of condition keys such as
/// `aws:SourceIp` or `s3:prefix`. Keys arrive lower-cased (key names are case-insensitive; values are
/// not). An implementation computes expensive keys only when asked.
public protocol PolicyContext: AnyObject {
    /// The key's values (one for most keys), or nil when the request has no such key.
    func values(forKey key: String) -> [String]?
    /// The key's values as IP addresses (for `IpAddress`), parsed; an implementation may cache them.
    func addresses(forKey key: String) -> [IPAddress]?
}

extension PolicyContext {
    public func addresses(forKey key: String) -> [IPAddress]? {
        values(forKey: key).map { $0.compactMap { IPAddress($0) } }
    }
}

/// Policy variables: `${aws:username}` and the like, replaced by the request's value, and `${*}`,
/// `${?}`, `${$}` standing for the literal characters (IAM User Guide, "IAM policy elements:
/// Variables and tags"). `${key, 'default'}` supplies a value when the key is absent.
public enum PolicyVariables {
    /// `text` with every variable replaced, or nil when a variable names a key the request lacks and
    /// gives no default ("If the key is not present, the policy element … doesn't match").
    public static func substitute(_ text: String, _ context: PolicyContext) -> String? {
        guard text.contains("${") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let inner = rest[open.upperBound..<close]
            switch inner {
            case "*": out += "*"
            case "?": out += "?"
            case "$": out += "$"
            default:
                var name = inner.policyTrimmed
                var fallback: String?
                if let comma = inner.firstIndex(of: ",") {
                    name = inner[..<comma].policyTrimmed
                    let d = inner[inner.index(after: comma)...].policyTrimmed
                    if d.count >= 2, d.hasPrefix("'"), d.hasSuffix("'") { fallback = String(d.dropFirst().dropLast()) }
                }
                if let value = context.values(forKey: name.lowercased())?.first {
                    out += value
                } else if let fallback {
                    out += fallback
                } else {
                    return nil
                }
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }
}

extension Substring {
    var policyTrimmed: String {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

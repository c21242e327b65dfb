import PailHTTP
import PailS3

/// Splits a request into bucket and key, by virtual-hosted style (`bucket.<domain>`) or path style.
///
/// The raw path is decoded exactly once; keys are never normalised (`a//b`, `../x` stay as sent).
struct Addressing {
    /// Base domain for virtual-hosted requests, lower-cased, without port.
    let domain: String?

    /// Returns (bucket, key) or throws InvalidURI-like errors for undecodable paths.
    func resolve(host: String?, rawPath: Substring) throws -> (bucket: String?, key: String?) {
        guard rawPath.hasPrefix("/") else { throw S3Error("InvalidURI", 400, "Couldn't parse the specified URI.") }
        guard let path = URIEncoding.percentDecode(rawPath) else {
            throw S3Error("InvalidURI", 400, "Couldn't parse the specified URI.")
        }
        if let vhost = virtualHostBucket(host) {
            let key = String(path.dropFirst())
            return (vhost, key.isEmpty ? nil : key)
        }
        let rest = path.dropFirst()
        guard !rest.isEmpty else { return (nil, nil) }
        if let slash = rest.firstIndex(of: "/") {
            let bucket = String(rest[..<slash])
            let key = String(rest[rest.index(after: slash)...])
            return (bucket, key.isEmpty ? nil : key)
        }
        return (String(rest), nil)
    }

    /// The bucket label of `bucket.<domain>[:port]`, or nil when the host is the domain itself or unrelated.
    func virtualHostBucket(_ host: String?) -> String? {
        guard let domain, var host = host?.lowercased() else { return nil }
        if host.hasPrefix("[") { return nil }
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        let suffix = "." + domain
        guard host.hasSuffix(suffix), host.count > suffix.count else { return nil }
        return String(host.dropLast(suffix.count))
    }
}

import PailHTTP
import PailS3

/// Splits a request into bucket and key, by virtual-hosted style (`bucket.<domain>`) or path style.
///
/// The raw path is decoded exactly once; keys are never normalised (`a//b`, `../x` stay as sent).
struct Addressing {
    /// Base domain for virtual-hosted requests, lower-cased, without port.
    let domain: String?

    /// Returns (bucket, key) or throws InvalidURI-like errors for undecodable paths.
    ///
    /// ASCII paths and hosts (nearly all) are split as bytes. Anything else takes the `String` path, whose
    /// Character semantics the byte path must not change: a combining mark after `/` makes one Character
    /// with it, so that `/` neither starts the path nor separates bucket and key there.
    func resolve(host: String?, rawPath: Substring) throws -> (bucket: String?, key: String?) {
        if let parts = try resolveASCII(host: host, rawPath: rawPath) { return parts }
        guard rawPath.hasPrefix("/") else { throw Self.invalidURI() }
        guard let path = URIEncoding.percentDecode(rawPath) else { throw Self.invalidURI() }
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
        guard let domain, let host else { return nil }
        if let label = Self.asciiBucketLabel(host: host, domain: domain) { return label }
        var lowered = host.lowercased()
        if lowered.hasPrefix("[") { return nil }
        if let colon = lowered.lastIndex(of: ":") { lowered = String(lowered[..<colon]) }
        let suffix = "." + domain
        guard lowered.hasSuffix(suffix), lowered.count > suffix.count else { return nil }
        return String(lowered.dropLast(suffix.count))
    }

    private static func invalidURI() -> S3Error { S3Error("InvalidURI", 400, "Couldn't parse the specified URI.") }

    /// `resolve` for a path that is ASCII before and after decoding; nil for any other path.
    private func resolveASCII(host: String?, rawPath: Substring) throws -> (bucket: String?, key: String?)? {
        let answer = try rawPath.utf8.withContiguousStorageIfAvailable { raw -> (bucket: String?, key: String?)? in
            guard Self.isASCII(raw) else { return nil }
            guard raw.first == UInt8(ascii: "/") else { throw Self.invalidURI() }
            guard raw.contains(UInt8(ascii: "%")) else { return split(raw, host: host) }
            guard let decoded = URIEncoding.percentDecode(rawPath) else { throw Self.invalidURI() }
            return decoded.utf8.withContiguousStorageIfAvailable { Self.isASCII($0) ? split($0, host: host) : nil } ?? nil
        }
        return answer ?? nil
    }

    /// Bucket and key of a decoded ASCII path that starts with `/`.
    private func split(_ path: UnsafeBufferPointer<UInt8>, host: String?) -> (bucket: String?, key: String?) {
        let rest = UnsafeBufferPointer(rebasing: path[1...])
        if let vhost = virtualHostBucket(host) { return (vhost, Self.string(rest)) }
        guard !rest.isEmpty else { return (nil, nil) }
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else { return (Self.string(rest), nil) }
        let bucket = String(decoding: UnsafeBufferPointer(rebasing: rest[..<slash]), as: UTF8.self)
        return (bucket, Self.string(UnsafeBufferPointer(rebasing: rest[(slash + 1)...])))
    }

    /// The bytes as a String; nil when there are none.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var high: UInt8 = 0
        for b in bytes { high |= b }
        return high < 0x80
    }

    /// `virtualHostBucket` for an ASCII host and domain, comparing bytes with the host's A–Z lowered:
    /// `.some(label)` (`.some(nil)` when the host does not name a bucket), or nil for non-ASCII input.
    private static func asciiBucketLabel(host: String, domain: String) -> String?? {
        host.utf8.withContiguousStorageIfAvailable { h -> String?? in
            domain.utf8.withContiguousStorageIfAvailable { d -> String?? in
                guard isASCII(h), isASCII(d) else { return nil }
                if h.first == UInt8(ascii: "[") { return .some(nil) }
                let end = h.lastIndex(of: UInt8(ascii: ":")) ?? h.count
                // `.` + domain must end the host, after a label of at least one byte.
                let dot = end - d.count - 1
                guard dot >= 1, h[dot] == UInt8(ascii: ".") else { return .some(nil) }
                for k in 0..<d.count where lower(h[dot + 1 + k]) != d[k] { return .some(nil) }
                return .some(String(unsafeUninitializedCapacity: dot) { out in
                    for k in 0..<dot { out[k] = lower(h[k]) }
                    return dot
                })
            } ?? nil
        } ?? nil
    }

    private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
}

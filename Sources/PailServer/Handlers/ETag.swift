/// ETag comparison as S3 does it: quotes optional, `*` matches anything, lists comma-separated.
enum ETag {
    static func unquote(_ s: String) -> String {
        var t = Substring(s.trimmedSpaces())
        if t.hasPrefix("W/") { t = t.dropFirst(2) }
        if t.count >= 2, t.first == "\"", t.last == "\"" { t = t.dropFirst().dropLast() }
        return String(t)
    }

    /// True when the header value (a list or `*`) names `etag`.
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { part in
            let p = part.trimmedSpaces()
            return p == "*" || unquote(p) == etag
        }
    }
}

/// Raw query-string parsing (`a=1&b&c=%2F`), keeping every pair in order, duplicates included.
public enum QueryString {
    /// Splits `raw` (without `?`) on `&` and each part on its first `=`; percent-decodes names and
    /// values (a `+` stays a plus, as S3 clients encode spaces as `%20`). A bare name gives value `""`;
    /// empty parts are skipped. A part with a bad escape or invalid UTF-8 is kept undecoded, so the
    /// caller can still report it (SigV4 canonicalisation rejects it separately).
    public static func parse(_ raw: Substring) -> [(String, String)] {
        parts(raw).map { (URIEncoding.percentDecode($0.name) ?? String($0.name), URIEncoding.percentDecode($0.value) ?? String($0.value)) }
    }

    /// Like `parse`, but nil when any name or value has a bad escape or invalid UTF-8 (SigV4 refuses those).
    public static func parseStrict(_ raw: Substring) -> [(String, String)]? {
        var out: [(String, String)] = []
        for part in parts(raw) {
            guard let n = URIEncoding.percentDecode(part.name), let v = URIEncoding.percentDecode(part.value) else { return nil }
            out.append((n, v))
        }
        return out
    }

    /// The raw `name=value` parts: split on `&`, then on the first `=`; empty parts skipped.
    static func parts(_ raw: Substring) -> [(name: Substring, value: Substring)] {
        raw.split(separator: "&", omittingEmptySubsequences: true).map { part in
            guard let eq = part.firstIndex(of: "=") else { return (part, "") }
            return (part[..<eq], part[part.index(after: eq)...])
        }
    }
}

/// Raw query-string parsing (`a=1&b&c=%2F`), keeping every pair in order, duplicates included.
public enum QueryString {
    /// Splits `raw` (without `?`) on `&` and each part on its first `=`; percent-decodes names and
    /// values (a `+` stays a plus, as S3 clients encode spaces as `%20`). A bare name gives value `""`;
    /// empty parts are skipped. A part with a bad escape or invalid UTF-8 is kept undecoded, so the
    /// caller can still report it (SigV4 canonicalisation rejects it separately).
    public static func parse(_ raw: Substring) -> [(String, String)] {
        var out: [(String, String)] = []
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = part.firstIndex(of: "=") {
                let n = part[..<eq], v = part[part.index(after: eq)...]
                out.append((URIEncoding.percentDecode(n) ?? String(n), URIEncoding.percentDecode(v) ?? String(v)))
            } else {
                out.append((URIEncoding.percentDecode(part) ?? String(part), ""))
            }
        }
        return out
    }
}

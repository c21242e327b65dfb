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
    /// Scans UTF-8 bytes: `&` and `=` are ASCII, so every cut is a valid index, and it avoids
    /// the grapheme-aware `split`, which showed up in the small-GET profile.
    static func parts(_ raw: Substring) -> [(name: Substring, value: Substring)] {
        var out: [(name: Substring, value: Substring)] = []
        let utf8 = raw.utf8
        var start = utf8.startIndex
        var equals: Substring.Index?
        var i = start
        func cut(_ end: Substring.Index) {
            guard start != end else { return }
            if let eq = equals {
                out.append((raw[start..<eq], raw[utf8.index(after: eq)..<end]))
            } else {
                out.append((raw[start..<end], ""))
            }
        }
        while i != utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: "&") {
                cut(i)
                start = utf8.index(after: i)
                equals = nil
            } else if b == UInt8(ascii: "="), equals == nil {
                equals = i
            }
            i = utf8.index(after: i)
        }
        cut(i)
        return out
    }
}

/// Raw query-string parsing (`a=1&b&c=%2F`), keeping every pair in order, duplicates included.
public enum QueryString {
    /// Splits `raw` (without `?`) on `&` and each part on its first `=`; percent-decodes names and
    /// values (a `+` stays a plus, as S3 clients encode spaces as `%20`). A bare name gives value `""`;
    /// empty parts are skipped. A name or value with a bad escape or invalid UTF-8 is kept undecoded,
    /// so the caller can still report it (SigV4 canonicalisation rejects it separately).
    public static func parse(_ raw: Substring) -> [(String, String)] {
        parseChecked(raw).pairs
    }

    /// Like `parse`, but nil when any name or value has a bad escape or invalid UTF-8 (SigV4 refuses those).
    public static func parseStrict(_ raw: Substring) -> [(String, String)]? {
        let parsed = parseChecked(raw)
        return parsed.wellFormed ? parsed.pairs : nil
    }

    /// `parse` and whether `parseStrict` would succeed, in one pass: `pairs` is what `parse` returns,
    /// and when `wellFormed` it is also what `parseStrict` returns.
    public static func parseChecked(_ raw: Substring) -> (pairs: [(String, String)], wellFormed: Bool) {
        var raw = raw
        return raw.withUTF8 { bytes in
            var pairs: [(String, String)] = []
            var wellFormed = true
            func decoded(_ lo: Int, _ hi: Int) -> String {
                let part = UnsafeBufferPointer(rebasing: bytes[lo..<hi])
                if let s = URIEncoding.decode(part) { return s }
                wellFormed = false
                return String(decoding: part, as: UTF8.self)
            }
            // Cuts at `&` and `=`: both ASCII, so every part is valid UTF-8 when `raw` is.
            var start = 0
            while start <= bytes.count {
                let end = firstIndex(of: UInt8(ascii: "&"), in: bytes, from: start, to: bytes.count)
                if end > start {
                    let equals = firstIndex(of: UInt8(ascii: "="), in: bytes, from: start, to: end)
                    if pairs.isEmpty { pairs.reserveCapacity(8) }
                    pairs.append(equals == end ? (decoded(start, end), "") : (decoded(start, equals), decoded(equals + 1, end)))
                }
                start = end + 1
            }
            return (pairs, wellFormed)
        }
    }
}

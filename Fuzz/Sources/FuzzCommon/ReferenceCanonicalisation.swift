// A copy of Tests/PailS3Tests/ReferenceCanonicalisation.swift (test targets cannot be imported), used by
// the SigV4 fuzz target as its oracle. Keep the two in step.

import PailS3

/// The straightforward String-based SigV4 canonicalisation that the byte-level code replaced, kept as
/// an oracle: decode each part, re-encode it, sort by encoded name then value. Slow and obviously
/// right, so the fast code is checked against it on awkward and random inputs.
public enum ReferenceCanonicalisation {
    public static func percentDecode(_ s: Substring) -> String? {
        var out: [UInt8] = []
        var bytes = Array(s.utf8)[...]
        while let b = bytes.popFirst() {
            guard b == UInt8(ascii: "%") else { out.append(b); continue }
            guard bytes.count >= 2, let hi = hexDigit(bytes.popFirst()!), let lo = hexDigit(bytes.popFirst()!) else { return nil }
            out.append(hi << 4 | lo)
        }
        return String(validating: out, as: UTF8.self)
    }

    public static func encode(_ s: String, encodeSlash: Bool) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(Unicode.Scalar(b))
            if (b < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c))) || (c == "/" && !encodeSlash) {
                out.append(c)
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded()
            }
        }
        return out
    }

    /// `(name, value, wellFormed)` per non-empty `&` part, split on the first `=`.
    public static func parts(_ raw: String) -> [(String, String, Bool)] {
        // Split on scalars, not Characters: "&" or "=" followed by a combining mark is one Character.
        raw.unicodeScalars.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let name: String, value: String
            if let eq = part.firstIndex(of: "=") {
                name = String(String.UnicodeScalarView(part[..<eq]))
                value = String(String.UnicodeScalarView(part[part.index(after: eq)...]))
            } else {
                name = String(String.UnicodeScalarView(part))
                value = ""
            }
            let n = percentDecode(name[...]), v = percentDecode(value[...])
            return (n ?? name, v ?? value, n != nil && v != nil)
        }
    }

    public static func canonicalQuery(_ raw: String, excluding: [String] = []) -> String? {
        let parsed = parts(raw)
        guard parsed.allSatisfy({ $0.2 }) else { return nil }
        let encoded = parsed.filter { !excluding.contains($0.0) }
            .map { (Array(encode($0.0, encodeSlash: true).utf8), Array(encode($0.1, encodeSlash: true).utf8)) }
            .sorted { $0.0 != $1.0 ? $0.0.lexicographicallyPrecedes($1.0) : $0.1.lexicographicallyPrecedes($1.1) }
        return encoded.map { String(decoding: $0.0, as: UTF8.self) + "=" + String(decoding: $0.1, as: UTF8.self) }
            .joined(separator: "&")
    }

    public static func canonicalURI(_ rawPath: String) -> String? {
        if rawPath.isEmpty { return "/" }
        return percentDecode(rawPath[...]).map { encode($0, encodeSlash: false) }
    }

    /// Header value trimmed, inner runs of space, tab, CR, LF as one space.
    public static func trimmedCollapsed(_ value: String) -> String {
        value.split(whereSeparator: { " \t\r\n".contains($0) }).joined(separator: " ")
    }

    private static func hexDigit(_ c: UInt8) -> UInt8? {
        UInt8(String(Unicode.Scalar(c)), radix: 16)
    }
}

private extension String {
    func leftPadded() -> String { count == 1 ? "0" + self : self }
}

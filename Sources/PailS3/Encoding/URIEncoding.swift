/// Percent-encoding with S3's SigV4 rules (RFC 3986 unreserved set; protocol.md §3).
public enum URIEncoding {
    /// Decodes `%XX` escapes (either hex case) once. With `plusAsSpace` a `+` becomes a space (form
    /// encoding); otherwise it stays a plus. Nil on a truncated or non-hex escape, or when the decoded
    /// bytes are not valid UTF-8. Input without `%` (and without `+` when `plusAsSpace`) is returned
    /// as is, without a byte copy loop.
    public static func percentDecode<S: StringProtocol>(_ s: S, plusAsSpace: Bool = false) -> String? {
        let utf8 = s.utf8
        let needsWork = utf8.contains { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }
        if !needsWork { return String(s) }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: "%") {
                let h1 = utf8.index(after: i)
                guard h1 != utf8.endIndex else { return nil }
                let h2 = utf8.index(after: h1)
                guard h2 != utf8.endIndex, let hi = hexValue(utf8[h1]), let lo = hexValue(utf8[h2]) else { return nil }
                out.append(hi << 4 | lo)
                i = utf8.index(after: h2)
            } else {
                out.append(plusAsSpace && b == UInt8(ascii: "+") ? 0x20 : b)
                i = utf8.index(after: i)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// Encodes every UTF-8 byte outside `A-Za-z0-9-._~` as upper-case `%XX`; `/` is kept as is unless
    /// `encodeSlash` (paths keep it, query names and values encode it). A space becomes `%20`, never `+`.
    public static func encode(_ s: String, encodeSlash: Bool) -> String {
        let utf8 = s.utf8
        if !utf8.contains(where: { !isUnreserved($0) && !($0 == UInt8(ascii: "/") && !encodeSlash) }) {
            return s
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        appendEncoded(s, to: &out, encodeSlash: encodeSlash)
        return String(decoding: out, as: UTF8.self)
    }

    /// `encode` into a byte buffer (canonical requests are built as bytes).
    public static func appendEncoded(_ s: String, to out: inout [UInt8], encodeSlash: Bool) {
        for b in s.utf8 {
            if isUnreserved(b) || (b == UInt8(ascii: "/") && !encodeSlash) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(upperHex[Int(b >> 4)])
                out.append(upperHex[Int(b & 15)])
            }
        }
    }

    @inline(__always)
    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)
}

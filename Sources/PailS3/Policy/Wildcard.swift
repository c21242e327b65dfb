/// Policy wildcards: `*` matches any run of characters (including none, and `/`), `?` exactly one
/// (IAM User Guide, "IAM JSON policy elements: Resource" and the `StringLike` operator). Case-sensitive;
/// callers lower-case both sides where the element is not (actions).
public enum Wildcard {
    /// Whether `input` matches `pattern`.
    public static func matches(_ pattern: String, _ input: String) -> Bool {
        var p = pattern, s = input
        return p.withUTF8 { pb in s.withUTF8 { sb in matches(pb, sb) } }
    }

    /// Whether `input` matches `pattern`, both UTF-8 bytes.
    public static func matches(_ pattern: [UInt8], _ input: [UInt8]) -> Bool {
        pattern.withUnsafeBufferPointer { p in input.withUnsafeBufferPointer { s in matches(p, s) } }
    }

    /// Byte-level matching with backtracking to the last `*` (linear in practice, no recursion).
    public static func matches(_ p: UnsafeBufferPointer<UInt8>, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        var pi = 0, si = 0
        var star = -1, mark = 0
        let pn = p.count, sn = s.count
        while si < sn {
            if pi < pn, p[pi] == UInt8(ascii: "?") {
                pi += 1
                si += scalarLength(s[si])
            } else if pi < pn, p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = si
                pi += 1
            } else if pi < pn, p[pi] == s[si] {
                pi += 1
                si += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < pn, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == pn && si == sn
    }

    /// Whether `s` holds a wildcard character.
    public static func hasWildcard(_ s: String) -> Bool { s.utf8.contains { $0 == 42 || $0 == 63 } }

    private static func scalarLength(_ lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead >= 0xF0 { return 4 }
        if lead >= 0xE0 { return 3 }
        if lead >= 0xC0 { return 2 }
        return 1
    }
}

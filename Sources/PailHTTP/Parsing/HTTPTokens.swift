/// Byte classes of RFC 9110 §5.6.2 (tchar) and §5.5 (field-vchar).
enum HTTPTokens {
    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    ///       / DIGIT / ALPHA
    static let tchar: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(c)] = true }
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(c)] = true }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(c)] = true }
        for c in "!#$%&'*+-.^_`|~".utf8 { t[Int(c)] = true }
        return t
    }()

    static func isToken(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return false }
        for b in bytes where !tchar[Int(b)] { return false }
        return true
    }

    /// field-value bytes: VCHAR, obs-text, SP and HTAB. NUL, CR, LF and other controls are refused
    /// (RFC 9110 §5.5; RFC 9112 §2.2 on bare CR).
    static func isFieldValueByte(_ b: UInt8) -> Bool {
        b == 0x09 || b == 0x20 || (b > 0x20 && b != 0x7F)
    }

    /// request-target bytes: visible ASCII, no whitespace or controls (RFC 9112 §3.2); obs-text is
    /// tolerated because some clients send raw UTF-8 keys.
    static func isTargetByte(_ b: UInt8) -> Bool { b > 0x20 && b != 0x7F }
}

/// Byte classes of RFC 9110 §5.6.2 (tchar) and §5.5 (field-vchar).
enum HTTPTokens {
    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    ///       / DIGIT / ALPHA, as bit masks over bytes 0–63 and 64–127. Constants rather than a table:
    /// a static array costs a lazy-initialisation check and a bounds check per byte.
    private static let tcharLow: UInt64 = 0x03FF_6CFA_0000_0000
    private static let tcharHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    @inline(__always)
    static func isTchar(_ b: UInt8) -> Bool {
        let mask = b < 64 ? tcharLow : b < 128 ? tcharHigh : 0
        return (mask >> UInt64(b & 63)) & 1 != 0
    }

    static func isToken(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return false }
        for b in bytes where !isTchar(b) { return false }
        return true
    }

    /// field-value bytes: VCHAR, obs-text, SP and HTAB. NUL, CR, LF and other controls are refused
    /// (RFC 9110 §5.5; RFC 9112 §2.2 on bare CR).
    @inline(__always)
    static func isFieldValueByte(_ b: UInt8) -> Bool {
        b == 0x09 || b == 0x20 || (b > 0x20 && b != 0x7F)
    }

    /// True when every byte is a field-value byte; no early exit, so the loop vectorises.
    static func areFieldValueBytes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var bad: UInt8 = 0
        for b in bytes { bad |= (b < 0x20 && b != 0x09 ? 1 : 0) | (b == 0x7F ? 1 : 0) }
        return bad == 0
    }

    /// request-target bytes: visible ASCII, no whitespace or controls (RFC 9112 §3.2); obs-text is
    /// tolerated because some clients send raw UTF-8 keys.
    @inline(__always)
    static func isTargetByte(_ b: UInt8) -> Bool { b > 0x20 && b != 0x7F }

    /// True when every byte is a request-target byte. Checks all bytes without an early exit, so the
    /// loop vectorises: a presigned URL's target is several hundred bytes.
    static func areTargetBytes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var bad: UInt8 = 0
        for b in bytes { bad |= (b <= 0x20 ? 1 : 0) | (b == 0x7F ? 1 : 0) }
        return bad == 0
    }
}

/// Comma-separated field values (RFC 9110 §5.6.1), such as `Connection: keep-alive, Upgrade`.
enum FieldList {
    /// Whether `value` has an element equal to `token` (ASCII, lower-case) once the element's SP and HTAB
    /// are trimmed and it is lower-cased. Elements are split at `,`.
    ///
    /// An ASCII value is scanned as bytes. Any other value takes the `String` path: there `,` followed
    /// by a combining mark is one Character and splits nothing, and `lowercased()` maps non-ASCII
    /// letters such as the Kelvin sign to `k`; the byte scan would answer differently.
    static func contains(_ value: String, token: String) -> Bool {
        let answer = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            for b in bytes where b >= 0x80 { return nil }
            return token.utf8.withContiguousStorageIfAvailable { containsASCII(bytes, token: $0) } ?? nil
        } ?? nil
        if let answer { return answer }
        return value.split(separator: ",").contains { $0.trimmingSpaces().lowercased() == token }
    }

    private static func containsASCII(_ bytes: UnsafeBufferPointer<UInt8>, token: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: ",") { end += 1 }
            var lo = start, hi = end
            while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
            while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
            if hi - lo == token.count && equalsLowercased(bytes, from: lo, token) { return true }
            start = end + 1
        }
        return false
    }

    /// `bytes[from...]`, with A–Z lowered, starts with `token`.
    private static func equalsLowercased(_ bytes: UnsafeBufferPointer<UInt8>, from: Int,
                                         _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        for k in 0..<token.count {
            let b = bytes[from + k]
            if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != token[k] { return false }
        }
        return true
    }
}

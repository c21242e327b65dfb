// The canonical URI and headers written as bytes: the server builds the whole canonical request in one
// buffer and hashes it without making a `String` of any part (only a failed check renders them).

extension SigV4 {
    /// Appends `canonicalURI(rawPath:)` to `out`; false (with `out` partly written) on a bad `%`
    /// escape or when the decoded path is not UTF-8.
    public static func appendCanonicalURI(rawPath: Substring, to out: inout [UInt8]) -> Bool {
        if rawPath.isEmpty {
            out.append(UInt8(ascii: "/"))
            return true
        }
        var raw = rawPath
        return raw.withUTF8 { bytes in
            let first = URIEncoding.firstSpecial(bytes, plusAsSpace: false)
            if first == bytes.count {
                appendEncoded(bytes, to: &out, encodeSlash: false)
                return true
            }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { decoded in
                guard let n = URIEncoding.decode(bytes, from: first, into: decoded, plusAsSpace: false) else { return false }
                appendEncoded(UnsafeBufferPointer(rebasing: decoded[0..<n]), to: &out, encodeSlash: false)
                return true
            }
        }
    }

    /// Appends `canonicalHeaders(_:signed:)` to `out`; false when a signed header is absent.
    public static func appendCanonicalHeaders(_ headers: [(name: String, value: String)], signed: [String],
                                              to out: inout [UInt8]) -> Bool {
        for name in signed {
            var found = false
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: ":"))
            for h in headers where equalsLowercased(h.name, name) {
                if found { out.append(UInt8(ascii: ",")) }
                found = true
                appendTrimmedCollapsed(h.value, to: &out)
            }
            guard found else { return false }
            out.append(UInt8(ascii: "\n"))
        }
        return true
    }

    /// `URIEncoding.encode` of raw bytes, appended.
    static func appendEncoded(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], encodeSlash: Bool) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count * 3) { encoded in
            let n = URIEncoding.encode(bytes, to: encoded.baseAddress!, encodeSlash: encodeSlash)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: encoded[0..<n]))
        }
    }

    /// ASCII case-insensitive `header == lower` without allocating a lower-cased copy per header.
    private static func equalsLowercased(_ header: String, _ lower: String) -> Bool {
        guard header.utf8.count == lower.utf8.count else { return false }
        return withUTF8Bytes(header) { a in
            withUTF8Bytes(lower) { b in
                for i in 0..<a.count where (a[i] >= 0x41 && a[i] <= 0x5A ? a[i] | 0x20 : a[i]) != b[i] { return false }
                return true
            }
        }
    }

    /// Appends `value` without leading/trailing spaces or tabs and with each run of them as one space.
    private static func appendTrimmedCollapsed(_ value: String, to out: inout [UInt8]) {
        withUTF8Bytes(value) { bytes in
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
            var lo = 0, hi = bytes.count
            while lo < hi, isSpace(bytes[lo]) { lo += 1 }
            while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
            // Copies the runs between whitespace as slices: a value without inner whitespace is one copy.
            // The last byte before `hi` is not whitespace, so each inner run ends before `hi`.
            var runStart = lo, i = lo
            while i < hi {
                guard isSpace(bytes[i]) else { i += 1; continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                out.append(0x20)
                while isSpace(bytes[i]) { i += 1 }
                runStart = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<hi]))
        }
    }
}

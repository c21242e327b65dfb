import Foundation

/// Percent-encoding with S3's SigV4 rules (RFC 3986 unreserved set; protocol.md §3).
///
/// Every routine here works on contiguous UTF-8 bytes: they run several times per request (path, query
/// names and values, canonical request), and walking `String.UTF8View` indices cost several times
/// more instructions per byte in the presigned-GET profile.
public enum URIEncoding {
    /// Decodes `%XX` escapes (either hex case) once. With `plusAsSpace` a `+` becomes a space (form
    /// encoding); otherwise it stays a plus. Nil on a truncated or non-hex escape, or when the decoded
    /// bytes are not valid UTF-8. Input without `%` (and without `+` when `plusAsSpace`) is returned
    /// as is, without a byte copy loop.
    public static func percentDecode<S: StringProtocol>(_ s: S, plusAsSpace: Bool = false) -> String? {
        let (clean, decoded) = withUTF8Bytes(s) { bytes -> (Bool, String?) in
            let first = firstSpecial(bytes, plusAsSpace: plusAsSpace)
            if first == bytes.count { return (true, nil) }
            return (false, decode(bytes, from: first, plusAsSpace: plusAsSpace))
        }
        return clean ? String(s) : decoded
    }

    /// `bytes` percent-decoded as in `percentDecode`, or nil on a bad escape or invalid UTF-8. `bytes`
    /// must be valid UTF-8 itself (a slice of a `String` cut at ASCII bytes): it is not validated again.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool = false) -> String? {
        let first = firstSpecial(bytes, plusAsSpace: plusAsSpace)
        if first == bytes.count { return String(decoding: bytes, as: UTF8.self) }
        return decode(bytes, from: first, plusAsSpace: plusAsSpace)
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int, plusAsSpace: Bool) -> String? {
        // A decoded string is never longer than its escaped form.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { out -> String? in
            guard let n = decode(bytes, from: first, into: out, plusAsSpace: plusAsSpace) else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
        }
    }

    /// Decodes `bytes`, whose first `%` (or `+`) is at `first`, into `out` (room for `bytes.count`);
    /// returns the decoded length, or nil on a bad escape or when the result is not valid UTF-8.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int, into out: UnsafeMutableBufferPointer<UInt8>,
                       plusAsSpace: Bool) -> Int? {
        // Only an escape can break UTF-8: `bytes` is valid, and an escape or `+` is ASCII, so it never
        // sits inside a multi-byte sequence. The result needs checking only if an escape decoded to a
        // byte of 0x80 or more.
        var nonASCII = false
        var i = 0, o = 0, special = first
        while true {
            // Runs between escapes are copied whole.
            if special > i {
                (out.baseAddress! + o).initialize(from: bytes.baseAddress! + i, count: special - i)
                o += special - i
            }
            i = special
            if i == bytes.count { break }
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) else {
                    return nil
                }
                out[o] = hi << 4 | lo
                nonASCII = nonASCII || out[o] >= 0x80
                i += 3
            } else {
                out[o] = 0x20  // a `+` with plusAsSpace
                i += 1
            }
            o += 1
            special = firstSpecial(bytes, from: i, plusAsSpace: plusAsSpace)
        }
        if nonASCII, String(validating: UnsafeBufferPointer(rebasing: out[0..<o]), as: UTF8.self) == nil { return nil }
        return o
    }

    /// The index of the first `%` (or `+` when `plusAsSpace`) in `bytes` at or after `from`, or
    /// `bytes.count`.
    @inline(__always)
    static func firstSpecial(_ bytes: UnsafeBufferPointer<UInt8>, from: Int = 0, plusAsSpace: Bool) -> Int {
        let percent = firstIndex(of: UInt8(ascii: "%"), in: bytes, from: from, to: bytes.count)
        return plusAsSpace ? firstIndex(of: UInt8(ascii: "+"), in: bytes, from: from, to: percent) : percent
    }

    /// Encodes every UTF-8 byte outside `A-Za-z0-9-._~` as upper-case `%XX`; `/` is kept as is unless
    /// `encodeSlash` (paths keep it, query names and values encode it). A space becomes `%20`, never `+`.
    /// A string that needs no escape is returned as is.
    public static func encode(_ s: String, encodeSlash: Bool) -> String {
        let clean = withUTF8Bytes(s) { bytes in bytes.allSatisfy { keeps($0, encodeSlash: encodeSlash) } }
        if clean { return s }
        return withUTF8Bytes(s) { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 3) { out in
                encode(bytes, to: out.baseAddress!, encodeSlash: encodeSlash)
            }
        }
    }

    /// Writes `bytes` encoded as in `encode` at `out`, which must have room for `3 * bytes.count`
    /// bytes; returns how many it wrote. Through a pointer, as canonical requests are built byte by
    /// byte and an array's append checks capacity and uniqueness each time.
    @inline(__always)
    static func encode(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>, encodeSlash: Bool) -> Int {
        var o = 0
        for b in bytes {
            if keeps(b, encodeSlash: encodeSlash) {
                out[o] = b
                o += 1
            } else {
                out[o] = UInt8(ascii: "%")
                out[o + 1] = upperHex(b >> 4)
                out[o + 2] = upperHex(b & 15)
                o += 3
            }
        }
        return o
    }

    @inline(__always)
    static func keeps(_ b: UInt8, encodeSlash: Bool) -> Bool {
        isUnreserved(b) || (b == UInt8(ascii: "/") && !encodeSlash)
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

    /// The upper-case hex digit of a value 0...15 (arithmetic: a table is a global behind a lazy
    /// initialiser and a bounds check).
    @inline(__always)
    static func upperHex(_ v: UInt8) -> UInt8 { v < 10 ? v + 0x30 : v + 0x37 }
}

/// Runs `body` over the UTF-8 bytes of `s` in place (native strings and their substrings, small or
/// not, are contiguous); bridged strings are copied first.
@inline(__always)
func withUTF8Bytes<S: StringProtocol, R>(_ s: S, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let r = try s.utf8.withContiguousStorageIfAvailable(body) { return r }
    return try Array(s.utf8).withUnsafeBufferPointer(body)
}

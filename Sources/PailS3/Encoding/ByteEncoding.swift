// Hex and base64 without Foundation: both run for every signature and checksum header.

private let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

/// Maps an ASCII byte to its base64 value, or 0xFF.
private let base64Values: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (i, c) in base64Alphabet.enumerated() { table[Int(c)] = UInt8(i) }
    return table
}()

extension Array where Element == UInt8 {
    /// Lower-case hex, two digits per byte (`[0xAB, 0x01]` → `"ab01"`); empty for an empty array.
    public var hex: String {
        String(unsafeUninitializedCapacity: count * 2) { out in
            guard let base = out.baseAddress else { return 0 }
            withUnsafeBytes { writeHex($0, to: base) }
            return count * 2
        }
    }

    /// Standard base64 (RFC 4648 §4) with `=` padding, no line breaks.
    public var base64: String {
        let outCount = (count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: outCount) { out in
            var i = 0, o = 0
            while i + 3 <= count {
                let v = UInt32(self[i]) << 16 | UInt32(self[i + 1]) << 8 | UInt32(self[i + 2])
                out[o] = base64Alphabet[Int(v >> 18 & 63)]
                out[o + 1] = base64Alphabet[Int(v >> 12 & 63)]
                out[o + 2] = base64Alphabet[Int(v >> 6 & 63)]
                out[o + 3] = base64Alphabet[Int(v & 63)]
                i += 3; o += 4
            }
            let rest = count - i
            if rest > 0 {
                let v = UInt32(self[i]) << 16 | (rest == 2 ? UInt32(self[i + 1]) << 8 : 0)
                out[o] = base64Alphabet[Int(v >> 18 & 63)]
                out[o + 1] = base64Alphabet[Int(v >> 12 & 63)]
                out[o + 2] = rest == 2 ? base64Alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "=")
                out[o + 3] = UInt8(ascii: "=")
                o += 4
            }
            return o
        }
    }
}

/// Writes `bytes` as lower-case hex to `out`, which must have room for `2 * bytes.count` bytes.
/// Digits are computed rather than looked up: a global table costs a lazy-initialiser check and a
/// bounds check per byte.
@inline(__always)
func writeHex(_ bytes: UnsafeRawBufferPointer, to out: UnsafeMutablePointer<UInt8>) {
    @inline(__always) func digit(_ v: UInt8) -> UInt8 { v < 10 ? v + 0x30 : v + 0x57 }
    for i in 0..<bytes.count {
        out[2 * i] = digit(bytes[i] >> 4)
        out[2 * i + 1] = digit(bytes[i] & 15)
    }
}

/// Decodes standard base64 with padding. Returns nil when the length is not a multiple of 4, a
/// character is outside the alphabet, padding appears anywhere but the end, or the unused bits of the
/// last group are not zero (so each value has exactly one accepted spelling, as checksum headers need).
/// Whitespace is not skipped. The empty string decodes to `[]`.
public func base64Decode(_ s: String) -> [UInt8]? {
    let bytes = Array(s.utf8)
    guard bytes.count % 4 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count / 4 * 3)
    var i = 0
    while i < bytes.count {
        let last = i + 4 == bytes.count
        let pad = last ? (bytes[i + 3] == UInt8(ascii: "=") ? (bytes[i + 2] == UInt8(ascii: "=") ? 2 : 1) : 0) : 0
        var v: UInt32 = 0
        for j in 0..<(4 - pad) {
            let d = base64Values[Int(bytes[i + j])]
            if d == 0xFF { return nil }
            v = v << 6 | UInt32(d)
        }
        v <<= UInt32(6 * pad)
        out.append(UInt8(v >> 16 & 0xFF))
        if pad < 2 { out.append(UInt8(v >> 8 & 0xFF)) } else if v & 0xFFFF != 0 { return nil }
        if pad < 1 { out.append(UInt8(v & 0xFF)) } else if v & 0xFF != 0 { return nil }
        i += 4
    }
    return out
}

/// Decodes hex of either case; nil on an odd length or a non-hex character. `""` decodes to `[]`.
public func hexDecode(_ s: String) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(s.utf8.count / 2)
    var high: UInt8? = nil
    for c in s.utf8 {
        guard let v = hexValue(c) else { return nil }
        if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
    }
    return high == nil ? out : nil
}

/// The value of one hex digit of either case, or nil.
@inline(__always)
func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}

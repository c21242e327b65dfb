import Foundation

/// Version ids: opaque to clients, URL-safe, unique, and sorting newest-first within a key.
///
/// An id is 32 characters of `0-9a-v` (base32hex, lower case: every character is unreserved in RFC
/// 3986, so ids need no escaping in `?versionId=`): 13 characters carry `UInt64.max - seq` (so a
/// later version sorts first, as ListObjectVersions lists them), 19 carry random bits (so ids differ
/// between stores and are not guessable from their neighbours). The store resolves an id by the
/// sequence number it carries, then checks the whole id.
enum VersionID {
    static let length = 32
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuv".utf8)

    static func make(seq: Int64) -> String {
        var out = [UInt8](repeating: 0, count: length)
        var inverted = UInt64.max - UInt64(bitPattern: seq)
        for i in stride(from: 12, through: 0, by: -1) {
            out[i] = alphabet[Int(inverted & 31)]
            inverted >>= 5
        }
        var generator = SystemRandomNumberGenerator()
        for i in 13..<length { out[i] = alphabet[Int(generator.next() & 31)] }
        return String(decoding: out, as: UTF8.self)
    }

    /// The sequence number an id carries, or nil when `id` is not one this store could have issued.
    static func sequence(of id: String) -> Int64? {
        let bytes = Array(id.utf8)
        guard bytes.count == length else { return nil }
        var value: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            let digit: UInt64
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "v"): digit = UInt64(b - UInt8(ascii: "a") + 10)
            default: return nil
            }
            // The 13 leading characters hold 65 bits; the top one must be clear.
            if i == 0 && digit > 15 { return nil }
            if i < 13 { value = value << 5 | digit }
        }
        return Int64(bitPattern: UInt64.max - value)
    }
}

import PailS3

/// base64url without padding (RFC 4648 §5): tokens stay header- and URL-safe.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        var s = bytes.base64
        while s.hasSuffix("=") { s.removeLast() }
        return String(s.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    static func decode(_ s: Substring) -> [UInt8]? {
        guard s.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 }) else { return nil }
        var t = String(s.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while t.utf8.count % 4 != 0 { t += "=" }
        return base64Decode(t)
    }
}

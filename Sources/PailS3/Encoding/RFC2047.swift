/// RFC 2047 "encoded words" for header values that are not ASCII.
///
/// S3 user metadata (User Guide, "Working with object metadata"): values with non-US-ASCII
/// characters "are character decoded as per RFC 2047 before storing and encoded as per RFC 2047 to
/// make them mail-safe before returning". Pail decodes `=?charset?B|Q?…?=` words (UTF-8 and
/// ISO-8859-1) on the way in and answers non-ASCII values as one `=?UTF-8?B?…?=` word.
public enum RFC2047 {
    /// The value with its encoded words decoded; the value unchanged when it holds none or one
    /// cannot be decoded.
    public static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var out = ""
        var rest = Substring(value)
        var lastWasWord = false
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            guard let word = parseWord(afterStart) else {
                out += before + "=?"
                rest = afterStart
                lastWasWord = false
                continue
            }
            // Whitespace between two adjacent encoded words is not part of the text (RFC 2047 §6.2).
            if !(lastWasWord && before.allSatisfy({ $0 == " " || $0 == "\t" })) { out += before }
            out += word.text
            rest = word.rest
            lastWasWord = true
        }
        return out + rest
    }

    /// `=?UTF-8?B?…?=` when `value` has a byte outside printable ASCII, else `value`.
    public static func encodeIfNeeded(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 >= 0x7F || ($0 < 0x20 && $0 != 0x09) }) else { return value }
        return "=?UTF-8?B?" + Array(value.utf8).base64 + "?="
    }

    private static func parseWord(_ s: Substring) -> (text: String, rest: Substring)? {
        let parts = s.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].hasPrefix("=") else { return nil }
        let charset = parts[0].lowercased(), encoding = parts[1].uppercased(), payload = parts[2]
        var bytes: [UInt8]
        switch encoding {
        case "B":
            guard let decoded = base64Decode(String(payload)) else { return nil }
            bytes = decoded
        case "Q":
            bytes = []
            var it = Array(payload.utf8)[...]
            while let c = it.popFirst() {
                if c == UInt8(ascii: "_") { bytes.append(0x20) }
                else if c == UInt8(ascii: "="), it.count >= 2,
                        let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                    bytes.append(v); it = it.dropFirst(2)
                } else { bytes.append(c) }
            }
        default: return nil
        }
        let text: String
        switch charset {
        case "utf-8", "utf8": guard let t = String(validating: bytes, as: UTF8.self) else { return nil }; text = t
        case "iso-8859-1", "latin1", "us-ascii": text = String(bytes.map { Character(Unicode.Scalar($0)) })
        default: return nil
        }
        return (text, parts[3].dropFirst())
    }
}

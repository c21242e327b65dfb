/// JSON string literals (RFC 8259, section 7), for the JSON Pail writes by hand: policies written
/// back and the conditions S3's POST policy messages quote.
enum JSONString {
    /// Appends `s` quoted: `"`, `\` and the control characters escaped, everything else as is.
    static func quote(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `s` quoted.
    static func quote(_ s: String) -> String {
        var out = ""
        quote(s, to: &out)
        return out
    }
}

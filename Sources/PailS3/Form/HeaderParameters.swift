/// A header value of the form `value; name=token; name="quoted string"` (RFC 9110 §5.6.6), as
/// `Content-Type` and `Content-Disposition` carry it.
///
/// Parameter names are compared case-insensitively. A quoted string may hold `\"` and `\\`
/// (RFC 9110 §5.6.4); browsers instead percent-encode `"` in file names (WHATWG HTML, "multipart/
/// form-data encoding algorithm"), which is kept as sent.
struct HeaderParameters {
    /// The part before the first `;`, trimmed.
    let value: String
    private var parameters: [(name: String, value: String)] = []

    init(_ header: String) {
        let bytes = Array(header.utf8)
        var i = 0
        func skipSpaces() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 } }
        let valueStart = i
        while i < bytes.count, bytes[i] != UInt8(ascii: ";") { i += 1 }
        value = String(decoding: bytes[valueStart..<i], as: UTF8.self).trimmedHeaderSpaces()
        while i < bytes.count {
            i += 1  // the `;`
            skipSpaces()
            let nameStart = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ";") { i += 1 }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).trimmedHeaderSpaces().lowercased()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                if !name.isEmpty { parameters.append((name, "")) }
                continue
            }
            i += 1
            skipSpaces()
            var raw: [UInt8] = []
            if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count { i += 1 }
                    raw.append(bytes[i])
                    i += 1
                }
                i += 1  // closing quote (or past the end)
                while i < bytes.count, bytes[i] != UInt8(ascii: ";") { i += 1 }
            } else {
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: ";") { i += 1 }
                raw = Array(String(decoding: bytes[start..<i], as: UTF8.self).trimmedHeaderSpaces().utf8)
            }
            parameters.append((name, String(decoding: raw, as: UTF8.self)))
        }
    }

    /// The first parameter named `name` (lower-case), or nil.
    subscript(name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmedHeaderSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

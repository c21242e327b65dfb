/// A cursor over the ASCII bytes of a date string, for the hand-written parsers in `S3Date`.
struct DateScanner {
    let bytes: [UInt8]
    var i = 0

    init(_ s: String) { bytes = Array(s.utf8) }

    var atEnd: Bool { i == bytes.count }
    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func skip(_ n: Int) { i += n }

    /// Exactly `n` decimal digits.
    mutating func digits(_ n: Int) -> Int? {
        guard n > 0, i + n <= bytes.count else { return nil }
        var v = 0
        for k in i..<(i + n) {
            let c = bytes[k]
            guard c >= 0x30, c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        i += n
        return v
    }

    mutating func literal(_ s: String) -> Bool {
        let l = Array(s.utf8)
        guard i + l.count <= bytes.count, bytes[i..<(i + l.count)].elementsEqual(l) else { return false }
        i += l.count
        return true
    }

    /// The index of the name in `names` that the input continues with (longest names are distinct
    /// prefixes of nothing else in our tables, so the first match is right).
    mutating func name(_ names: [String]) -> Int? {
        for (k, n) in names.enumerated() where literal(n) { return k }
        return nil
    }

    /// `HH:MM:SS`.
    mutating func clock() -> (Int, Int, Int)? {
        guard let h = digits(2), literal(":"), let m = digits(2), literal(":"), let s = digits(2) else { return nil }
        return (h, m, s)
    }
}

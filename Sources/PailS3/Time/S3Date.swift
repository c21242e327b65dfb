import Foundation

/// The date formats on the S3 wire, formatted and parsed by hand in UTC.
///
/// `DateFormatter` is slow, locale-sensitive and not safe to share across threads; these functions are
/// pure, allocation-light and thread-safe. Fractions of a second are truncated, never rounded, so a
/// formatted time never lies in the future of the instant it describes.
public enum S3Date {
    /// IMF-fixdate for `Date`/`Last-Modified` headers: `Wed, 21 Oct 2015 07:28:00 GMT`.
    public static func http(_ d: Date) -> String {
        let c = CivilTime(d)
        var out: [UInt8] = []
        out.reserveCapacity(29)
        out += dayNames[c.weekday].utf8; out += ", ".utf8
        append2(&out, c.day); out.append(0x20)
        out += monthNames[c.month - 1].utf8; out.append(0x20)
        append4(&out, c.year); out.append(0x20)
        appendClock(&out, c)
        out += " GMT".utf8
        return String(decoding: out, as: UTF8.self)
    }

    /// ISO 8601 with milliseconds, for XML `LastModified`: `2009-10-12T17:50:30.000Z`.
    public static func iso8601(_ d: Date) -> String { iso(d, millis: true) }

    /// ISO 8601 without fraction (STS/IMDS `Expiration`): `2026-01-01T12:00:00Z`.
    public static func iso8601Seconds(_ d: Date) -> String { iso(d, millis: false) }

    /// SigV4 basic format `20130524T000000Z` (`X-Amz-Date`).
    public static func amz(_ d: Date) -> String {
        let c = CivilTime(d)
        var out: [UInt8] = []
        out.reserveCapacity(16)
        append4(&out, c.year); append2(&out, c.month); append2(&out, c.day)
        out.append(UInt8(ascii: "T"))
        append2(&out, c.hour); append2(&out, c.minute); append2(&out, c.second)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses an HTTP date in any of the three forms RFC 9110 §5.6.7 requires recipients to accept:
    /// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`; a
    /// two-digit year below 70 means 20xx) and asctime (`Sun Nov  6 08:49:37 1994`). Names are
    /// case-sensitive as in the grammar; the weekday is checked for spelling but not against the
    /// date. Nil for anything else, including out-of-range fields.
    public static func parseHTTP(_ s: String) -> Date? {
        var p = DateScanner(s)
        if p.bytes.count == 29 {
            // IMF-fixdate
            guard p.name(shortDays) != nil, p.literal(", "), let day = p.digits(2), p.literal(" "),
                  let month = p.name(monthNames), p.literal(" "), let year = p.digits(4), p.literal(" "),
                  let (h, m, sec) = p.clock(), p.literal(" GMT"), p.atEnd else { return nil }
            return make(year, month + 1, day, h, m, sec, 0)
        }
        if p.bytes.count == 24 {
            // asctime: the day is space-padded
            guard p.name(shortDays) != nil, p.literal(" "), let month = p.name(monthNames), p.literal(" ") else { return nil }
            let spacePadded = p.peek == 0x20
            if spacePadded { p.skip(1) }
            guard let day = p.digits(spacePadded ? 1 : 2), p.literal(" "), let (h, m, sec) = p.clock(),
                  p.literal(" "), let year = p.digits(4), p.atEnd else { return nil }
            return make(year, month + 1, day, h, m, sec, 0)
        }
        // RFC 850
        guard p.name(longDays) != nil, p.literal(", "), let day = p.digits(2), p.literal("-"),
              let month = p.name(monthNames), p.literal("-"), let yy = p.digits(2), p.literal(" "),
              let (h, m, sec) = p.clock(), p.literal(" GMT"), p.atEnd else { return nil }
        return make(yy < 70 ? 2000 + yy : 1900 + yy, month + 1, day, h, m, sec, 0)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (1–9 fraction digits, `Z` or `z`). Nil otherwise.
    public static func parseISO8601(_ s: String) -> Date? {
        var p = DateScanner(s)
        guard let year = p.digits(4), p.literal("-"), let month = p.digits(2), p.literal("-"), let day = p.digits(2),
              p.peek == UInt8(ascii: "T") || p.peek == UInt8(ascii: "t") else { return nil }
        p.skip(1)
        guard let (h, m, sec) = p.clock() else { return nil }
        var nanos = 0
        if p.peek == UInt8(ascii: ".") {
            p.skip(1)
            var count = 0
            while let c = p.peek, c >= 0x30, c <= 0x39 {
                guard count < 9 else { return nil }
                nanos = nanos * 10 + Int(c - 0x30)
                count += 1
                p.skip(1)
            }
            guard count > 0 else { return nil }
            for _ in count..<9 { nanos *= 10 }
        }
        guard p.peek == UInt8(ascii: "Z") || p.peek == UInt8(ascii: "z") else { return nil }
        p.skip(1)
        guard p.atEnd else { return nil }
        return make(year, month, day, h, m, sec, nanos)
    }

    /// Parses SigV4's `YYYYMMDDTHHMMSSZ`. Nil otherwise.
    public static func parseAmz(_ s: String) -> Date? {
        var p = DateScanner(s)
        guard p.bytes.count == 16, let year = p.digits(4), let month = p.digits(2), let day = p.digits(2), p.literal("T"),
              let h = p.digits(2), let m = p.digits(2), let sec = p.digits(2), p.literal("Z") else { return nil }
        return make(year, month, day, h, m, sec, 0)
    }

    // MARK: - Internals

    static let shortDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let dayNames = shortDays
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func iso(_ d: Date, millis: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendISO8601(d, millis: millis, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends what `iso8601` (`millis`) or `iso8601Seconds` returns, for writers that build bytes.
    static func appendISO8601(_ d: Date, millis: Bool, to out: inout [UInt8]) {
        let c = CivilTime(d)
        append4(&out, c.year); out.append(UInt8(ascii: "-"))
        append2(&out, c.month); out.append(UInt8(ascii: "-"))
        append2(&out, c.day); out.append(UInt8(ascii: "T"))
        appendClock(&out, c)
        if millis {
            out.append(UInt8(ascii: "."))
            out.append(UInt8(0x30 + c.millisecond / 100))
            append2(&out, c.millisecond % 100)
        }
        out.append(UInt8(ascii: "Z"))
    }

    private static func make(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ nanos: Int) -> Date? {
        guard (1...12).contains(mo), d >= 1, d <= CivilTime.daysInMonth(y, mo),
              (0...23).contains(h), (0...59).contains(mi), (0...59).contains(s) else { return nil }
        let days = CivilTime.daysFromCivil(y, mo, d)
        let seconds = Double(days * 86_400 + h * 3600 + mi * 60 + s)
        return Date(timeIntervalSince1970: seconds + Double(nanos) / 1e9)
    }

    private static func appendClock(_ out: inout [UInt8], _ c: CivilTime) {
        append2(&out, c.hour); out.append(UInt8(ascii: ":"))
        append2(&out, c.minute); out.append(UInt8(ascii: ":"))
        append2(&out, c.second)
    }

    @inline(__always) private static func append2(_ out: inout [UInt8], _ v: Int) {
        out.append(UInt8(0x30 + v / 10 % 10)); out.append(UInt8(0x30 + v % 10))
    }

    @inline(__always) private static func append4(_ out: inout [UInt8], _ v: Int) {
        let v = min(max(v, 0), 9999)
        append2(&out, v / 100); append2(&out, v % 100)
    }
}

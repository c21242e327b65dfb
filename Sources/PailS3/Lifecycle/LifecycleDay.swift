import Foundation

/// Lifecycle's calendar: whole days in UTC.
enum LifecycleDay {
    static let seconds: Double = 86_400

    /// `days` after `start`, rounded up to a midnight UTC: "Amazon S3 calculates the time by adding
    /// the number of days specified in the rule to the object creation time and rounding the
    /// resulting time to the next day midnight UTC"
    /// (docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html). An object created
    /// 2024-01-01T15:00Z with 1 day is due 2024-01-03T00:00Z. A sum already exactly at midnight is
    /// its own ceiling: there is nothing to round.
    static func due(after start: Date, days: Int) -> Date {
        let t = start.timeIntervalSince1970 + Double(days) * seconds
        return Date(timeIntervalSince1970: (t / seconds).rounded(.up) * seconds)
    }

    /// True when `date` is exactly a midnight UTC (no fraction of a second either).
    static func isMidnight(_ date: Date) -> Bool {
        date.timeIntervalSince1970.truncatingRemainder(dividingBy: seconds) == 0
    }

    /// Parses a lifecycle `<Date>`, ISO 8601 as the API reference asks: `2024-01-01T00:00:00Z`
    /// (what the SDKs send), with or without a fraction, a `±HH:MM` offset instead of `Z`, or a
    /// bare `2024-01-01` (midnight UTC). Nil for anything else.
    static func parse(_ token: String) -> Date? {
        if token.utf8.count == 10 { return S3Date.parseISO8601(token + "T00:00:00Z") }
        if let date = S3Date.parseISO8601(token) { return date }
        // An explicit offset: `…T05:00:00+05:00`.
        let bytes = Array(token.utf8)
        guard bytes.count > 6 else { return nil }
        let o = bytes.count - 6
        let digit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard bytes[o] == UInt8(ascii: "+") || bytes[o] == UInt8(ascii: "-"), bytes[o + 3] == UInt8(ascii: ":"),
              [1, 2, 4, 5].allSatisfy({ digit(bytes[o + $0]) }),
              let hours = Int(String(decoding: bytes[(o + 1)..<(o + 3)], as: UTF8.self)),
              let minutes = Int(String(decoding: bytes[(o + 4)...], as: UTF8.self)),
              hours < 24, minutes < 60,
              let local = S3Date.parseISO8601(String(decoding: bytes[..<o], as: UTF8.self) + "Z") else { return nil }
        let offset = Double(hours * 3600 + minutes * 60) * (bytes[o] == UInt8(ascii: "+") ? 1 : -1)
        return local.addingTimeInterval(-offset)
    }
}

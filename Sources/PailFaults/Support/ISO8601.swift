import Foundation

/// RFC 3339 timestamps for time windows, independent of the decoder's date strategy.
enum ISO8601 {
    /// Parses `2026-01-01T00:00:00Z`, with or without fractional seconds, any offset.
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: text) { return d }
        let frac = ISO8601DateFormatter()
        frac.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return frac.date(from: text)
    }

    /// Formats in UTC with millisecond precision: `2026-01-01T00:00:00.000Z`.
    static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}

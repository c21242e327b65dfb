import Foundation
import PailS3

/// One change asked for by `POST /_pail/clock`: a JSON object with exactly one of
///
/// | body | change |
/// |---|---|
/// | `{"advanceSeconds": 3600}` / `{"advance": "3d"}` | move the clock by that much (negative: back) |
/// | `{"offsetSeconds": -60}` / `{"offset": "-1m"}` | run that far from the real clock (unfreezes) |
/// | `{"freezeAt": "2030-01-01T00:00:00Z"}` | stop the clock at that RFC 3339 time |
/// | `{"freeze": true}` / `{"freeze": false}` | stop the clock now / let it run on from where it stands |
///
/// Durations are `ClockDuration`s (`3d`, `36h`, `90m`, `10s`, `1h30m`) or numbers of seconds.
enum ClockChange: Equatable {
    case advance(TimeInterval)
    case offset(TimeInterval)
    case freeze(at: Date)
    case freezeNow
    case unfreeze

    private static let keys = ["advanceSeconds", "advance", "offsetSeconds", "offset", "freezeAt", "freeze"]

    /// Throws `ClockChangeError` naming what is wrong; nothing is changed then.
    static func decode(_ data: Data) throws -> ClockChange {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw ClockChangeError("body is not JSON; send e.g. {\"advanceSeconds\": 3600}")
        }
        guard let fields = object as? [String: Any] else { throw ClockChangeError("body must be a JSON object") }
        if let unknown = fields.keys.sorted().first(where: { !keys.contains($0) }) {
            throw ClockChangeError("unknown field \"\(unknown)\"; use one of \(keys.joined(separator: ", "))")
        }
        guard fields.count == 1, let key = fields.keys.first else {
            throw ClockChangeError("give exactly one of \(keys.joined(separator: ", "))")
        }
        let body: Body
        do { body = try JSONDecoder().decode(Body.self, from: data) } catch {
            throw ClockChangeError(message(for: key))
        }
        switch key {
        case "advanceSeconds": return .advance(try finite(body.advanceSeconds, key))
        case "advance": return .advance(try finite(body.advance?.seconds, key))
        case "offsetSeconds": return .offset(try finite(body.offsetSeconds, key))
        case "offset": return .offset(try finite(body.offset?.seconds, key))
        case "freezeAt":
            guard let text = body.freezeAt, let date = parseTime(text) else { throw ClockChangeError(message(for: key)) }
            return .freeze(at: date)
        default:
            guard let freeze = body.freeze else { throw ClockChangeError(message(for: key)) }
            return freeze ? .freezeNow : .unfreeze
        }
    }

    /// RFC 3339 in UTC (`Z`, fractions allowed) or with a numeric offset (`+02:00`).
    static func parseTime(_ text: String) -> Date? {
        if let date = S3Date.parseISO8601(text) { return date }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    private static func finite(_ value: Double?, _ key: String) throws -> Double {
        guard let value, value.isFinite else { throw ClockChangeError(message(for: key)) }
        return value
    }

    private static func message(for key: String) -> String {
        switch key {
        case "advanceSeconds", "offsetSeconds": return "\(key) must be a number of seconds"
        case "advance", "offset": return "\(key) must be a duration such as \"3d\", \"36h\", \"90m\", \"-10s\" or a number of seconds"
        case "freezeAt": return "freezeAt must be an RFC 3339 time such as \"2030-01-01T00:00:00Z\""
        default: return "freeze must be true or false"
        }
    }

    private struct Body: Decodable {
        var advanceSeconds: Double?
        var advance: DurationValue?
        var offsetSeconds: Double?
        var offset: DurationValue?
        var freezeAt: String?
        var freeze: Bool?
    }

    /// A duration string or a number of seconds.
    private struct DurationValue: Decodable {
        var seconds: Double?

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let text = try? c.decode(String.self) {
                seconds = ClockDuration.parse(text)
            } else {
                seconds = try c.decode(Double.self)
            }
        }
    }
}

/// A `POST /_pail/clock` body that cannot be applied; answered as 400 `{"error": message}`.
struct ClockChangeError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

import Foundation
import PailS3

extension ServerClock {
    /// The clock's state at one instant: the answer of `GET /_pail/clock` and of every change.
    ///
    /// JSON (times in UTC, millisecond precision):
    /// `{"now": "2030-01-01T00:00:00.000Z", "offsetSeconds": 3600, "frozen": false, "frozenAt": null}`
    public struct Snapshot: Codable, Equatable, Sendable {
        /// The server's time.
        public var now: Date
        /// How far the server's time is ahead of the base clock (negative: behind). For a frozen clock
        /// this grows more negative as real time passes.
        public var offsetSeconds: Double
        /// The instant a frozen clock stands at; nil while it runs.
        public var frozenAt: Date?

        /// True when the clock is frozen (`frozenAt` is set).
        public var frozen: Bool { frozenAt != nil }

        public init(now: Date, offsetSeconds: Double, frozenAt: Date?) {
            self.now = now
            self.offsetSeconds = offsetSeconds
            self.frozenAt = frozenAt
        }

        private enum CodingKeys: String, CodingKey {
            case now, offsetSeconds, frozen, frozenAt
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func time(_ key: CodingKeys) throws -> Date? {
                guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
                guard let date = S3Date.parseISO8601(text) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not a UTC ISO 8601 time: \(text)")
                }
                return date
            }
            guard let now = try time(.now) else {
                throw DecodingError.keyNotFound(CodingKeys.now, .init(codingPath: c.codingPath, debugDescription: "now is required"))
            }
            self.now = now
            offsetSeconds = try c.decode(Double.self, forKey: .offsetSeconds)
            frozenAt = try time(.frozenAt)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(S3Date.iso8601(now), forKey: .now)
            try c.encode(offsetSeconds, forKey: .offsetSeconds)
            try c.encode(frozen, forKey: .frozen)
            if let frozenAt { try c.encode(S3Date.iso8601(frozenAt), forKey: .frozenAt) } else { try c.encodeNil(forKey: .frozenAt) }
        }
    }
}

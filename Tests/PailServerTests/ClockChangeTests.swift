import Foundation
import Testing
@testable import PailServer

/// What `POST /_pail/clock` accepts, and the duration syntax it shares with `pail clock`.
@Suite struct ClockChangeTests {
    func decode(_ json: String) throws -> ClockChange { try ClockChange.decode(Data(json.utf8)) }

    func failure(_ json: String) -> String? {
        do { _ = try decode(json); return nil } catch let e as ClockChangeError { return e.message } catch { return "\(error)" }
    }

    @Test func eachDocumentedShapeDecodes() throws {
        #expect(try decode(#"{"advanceSeconds": 3600}"#) == .advance(3600))
        #expect(try decode(#"{"advanceSeconds": -1.5}"#) == .advance(-1.5))
        #expect(try decode(#"{"advance": "3d"}"#) == .advance(259_200))
        #expect(try decode(#"{"advance": 90}"#) == .advance(90))
        #expect(try decode(#"{"offsetSeconds": -3600}"#) == .offset(-3600))
        #expect(try decode(#"{"offset": "-1h"}"#) == .offset(-3600))
        #expect(try decode(#"{"freezeAt": "2030-01-01T00:00:00Z"}"#) == .freeze(at: Date(timeIntervalSince1970: 1_893_456_000)))
        #expect(try decode(#"{"freezeAt": "2030-01-01T02:00:00+02:00"}"#) == .freeze(at: Date(timeIntervalSince1970: 1_893_456_000)))
        #expect(try decode(#"{"freeze": true}"#) == .freezeNow)
        #expect(try decode(#"{"freeze": false}"#) == .unfreeze)
    }

    @Test func badBodiesAreRefusedWithAMessage() {
        #expect(failure("not json")?.contains("not JSON") == true)
        #expect(failure("[1]") == "body must be a JSON object")
        #expect(failure("{}")?.hasPrefix("give exactly one of") == true)
        #expect(failure(#"{"advanceSeconds": 1, "freeze": true}"#)?.hasPrefix("give exactly one of") == true)
        #expect(failure(#"{"advanceSecs": 1}"#)?.hasPrefix("unknown field \"advanceSecs\"") == true)
        #expect(failure(#"{"advanceSeconds": "1h"}"#) == "advanceSeconds must be a number of seconds")
        #expect(failure(#"{"advanceSeconds": true}"#) == "advanceSeconds must be a number of seconds")
        #expect(failure(#"{"advance": "3 days"}"#)?.hasPrefix("advance must be a duration") == true)
        #expect(failure(#"{"freezeAt": "tomorrow"}"#)?.hasPrefix("freezeAt must be an RFC 3339 time") == true)
        #expect(failure(#"{"freeze": 1}"#) == "freeze must be true or false")
        #expect(failure(#"{"freeze": "yes"}"#) == "freeze must be true or false")
    }

    @Test(arguments: [
        ("3d", 259_200.0), ("36h", 129_600), ("90m", 5400), ("10s", 10), ("1h30m", 5400), ("-1h", -3600),
        ("+2m", 120), ("1.5h", 5400), ("3600", 3600), ("-2.5", -2.5), ("0", 0), ("1d1d", 172_800),
    ])
    func durationsParse(_ text: String, _ seconds: Double) {
        #expect(ClockDuration.parse(text) == seconds)
    }

    @Test(arguments: ["", "-", "h", "1x", "1h 30m", "1h30", "1..5s", ".s", "inf", "nan", "1e3", "3 d", "--1h"])
    func nonDurationsAreRefused(_ text: String) {
        #expect(ClockDuration.parse(text) == nil)
    }

    @Test func durationsFormatInTheLargestUnits() {
        #expect(ClockDuration.format(0) == "0s")
        #expect(ClockDuration.format(259_200) == "+3d")
        #expect(ClockDuration.format(-5400) == "-1h30m")
        #expect(ClockDuration.format(90_061.25) == "+1d1h1m1.25s")
        #expect(ClockDuration.format(0.0004) == "0s")
    }
}

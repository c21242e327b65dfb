import Foundation
import Testing
@testable import PailFaults

@Suite struct FaultActionCodingTests {
    static let all: [FaultAction] = [
        .error(status: 503, code: "SlowDown", message: "Please reduce your request rate."),
        .error(status: 403, code: "Custom", message: "nope"),
        .latency(ms: 500, phase: .beforeResponse),
        .latency(ms: 10, phase: .beforeBody),
        .bandwidth(bytesPerSecond: 65536),
        .reset(afterBytes: nil), .reset(afterBytes: 1024),
        .truncate(afterBytes: 100),
        .corrupt(offset: 10, count: 1), .corrupt(offset: 0, count: 4),
        .stall(ms: nil), .stall(ms: 2000),
        .lostWrite(keepOld: true), .lostWrite(keepOld: false),
        .staleRead, .clockSkew(seconds: -1200), .expireCredentials,
    ]

    @Test(arguments: all) func everyActionSurvivesJSONRoundTrip(_ action: FaultAction) throws {
        #expect(try T.roundTrip(action) == action)
    }

    @Test(arguments: all) func everyActionSurvivesHeaderFormRoundTrip(_ action: FaultAction) throws {
        let back = try FaultAction.fromHeader(action.headerForm)
        if case .error(let status, let code, _) = action, case .error(let s2, let c2, _) = back {
            #expect(status == s2 && code == c2)
        } else {
            #expect(back == action)
        }
    }

    @Test func errorWithKnownCodeFillsStatusAndMessage() throws {
        let a = try T.decode(FaultAction.self, #"{"type":"error","code":"SlowDown"}"#)
        #expect(a == .error(status: 503, code: "SlowDown", message: "Please reduce your request rate."))
        #expect(try T.decode(FaultAction.self, #"{"type":"error","code":"InternalError"}"#) == .error(code: "InternalError"))
        #expect(try T.decode(FaultAction.self, #"{"type":"error","code":"Locked"}"#).errorStatus == 423)
        #expect(try T.decode(FaultAction.self, #"{"type":"error","code":"RequestTimeout"}"#).errorStatus == 400)
        #expect(try T.decode(FaultAction.self, #"{"type":"error","code":"ServiceUnavailable"}"#).errorStatus == 503)
        #expect(try T.decode(FaultAction.self, #"{"type":"error","code":"ExpiredToken"}"#).errorStatus == 400)
    }

    @Test func errorStatusAndMessageOverridePreset() throws {
        let a = try T.decode(FaultAction.self, #"{"type":"error","code":"AccessDenied","status":401,"message":"m"}"#)
        #expect(a == .error(status: 401, code: "AccessDenied", message: "m"))
    }

    @Test func defaultsApplyForOptionalFields() throws {
        #expect(try T.decode(FaultAction.self, #"{"type":"latency","ms":5}"#) == .latency(ms: 5, phase: .beforeResponse))
        #expect(try T.decode(FaultAction.self, #"{"type":"corrupt","offset":3}"#) == .corrupt(offset: 3, count: 1))
        #expect(try T.decode(FaultAction.self, #"{"type":"reset","afterBytes":null}"#) == .reset(afterBytes: nil))
        #expect(try T.decode(FaultAction.self, #"{"type":"stall"}"#) == .stall(ms: nil))
        #expect(try T.decode(FaultAction.self, #"{"type":"lostWrite"}"#) == .lostWrite(keepOld: false))
    }

    @Test(arguments: [
        (#"{"code":"SlowDown"}"#, "type"),
        (#"{"type":"explode"}"#, "unknown action type \"explode\""),
        (#"{"type":"error","code":"Teapot"}"#, "not a known code"),
        (#"{"type":"error"}"#, "needs a \"code\""),
        (#"{"type":"error","code":"X","status":200}"#, "400...599"),
        (#"{"type":"latency"}"#, "needs \"ms\""),
        (#"{"type":"latency","ms":5,"phase":"later"}"#, "beforeResponse or beforeBody"),
        (#"{"type":"truncate","afterBytes":-1}"#, "0 or more"),
        (#"{"type":"bandwidth","bytesPerSecond":0}"#, "1 or more"),
        (#"{"type":"reset","after":3}"#, "unknown field \"after\""),
        (#"{"type":"clockSkew"}"#, "needs \"seconds\""),
    ])
    func invalidActionsGiveClearErrors(json: String, expected: String) {
        let message = T.decodeError(FaultAction.self, json)
        #expect(message?.contains(expected) == true, "\(message ?? "decoded")")
    }
}

extension FaultAction {
    var errorStatus: Int? {
        if case .error(let status, _, _) = self { return status }
        return nil
    }
}

extension FaultAction: CustomTestStringConvertible {
    public var testDescription: String { headerForm }
}

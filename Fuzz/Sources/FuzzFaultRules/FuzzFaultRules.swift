import FuzzCommon
import Foundation
@testable import PailFaults
@testable import PailServer

// Fault rules as JSON (`pail serve --faults FILE`, `POST /_pail/faults`) and the compact
// `x-pail-fault` header form.
//
// Input: JSON text (a plan, a rule or an array of rules) or a header value; every input goes to
// `FaultPlan.decode`, the admin body reader and the header parser.
// Properties: nothing crashes, hangs or leaks; refusals are FaultSpecError; a decoded plan encodes
// and decodes back to itself; the admin reader agrees with the plan reader on plans; an action's
// header form parses back to the same header form; a decoded plan's injector evaluates requests
// (globs, header matches, windows, counters) without trouble.

let now = Date(timeIntervalSince1970: 1_700_000_000)

let requests: [FaultRequest] = [
    FaultRequest(operation: "PutObject", method: "PUT", bucket: "photos", key: "a/b.jpg", accessKey: "AKIDEXAMPLE",
                 headers: [("Content-Type", "image/jpeg"), ("x-amz-meta-a", "b")], requestID: "1"),
    FaultRequest(operation: "GetObject", method: "GET", bucket: "big", key: "big/*?é\u{301}", requestID: "2"),
    FaultRequest(service: "sts", operation: "AssumeRole", method: "POST", requestID: "3"),
    FaultRequest(service: "imds", operation: "GetCredentials", method: "GET", requestID: "4"),
    FaultRequest(operation: "ListObjectsV2", method: "GET", bucket: "b", headers: [("X-PAIL-CASE", "Mixed")], requestID: "5"),
]

func expectSpecError(_ what: String, _ body: () throws -> Void) {
    do { try body() } catch is FaultSpecError {} catch { fuzzCheck(false, "\(what) threw \(type(of: error)): \(error)") }
}

func fuzz(_ bytes: [UInt8]) {
    let data = Data(bytes)
    var plan: FaultPlan?
    expectSpecError("FaultPlan.decode") {
        let decoded = try FaultPlan.decode(data)
        plan = decoded
        let encoded = try JSONEncoder().encode(decoded)
        do {
            let again = try FaultPlan.decode(encoded)
            fuzzCheck(again == decoded, "plan changed through JSON:\n\(decoded)\n\(again)\n\(String(decoding: encoded, as: UTF8.self))")
        } catch {
            fuzzCheck(false, "an encoded plan does not decode: \(error)\n\(String(decoding: encoded, as: UTF8.self))")
        }
    }
    expectSpecError("AdminRuleBody.decode") {
        let rules = try AdminRuleBody.decode(data)
        if let plan, !plan.rules.isEmpty, bytes.first(where: { $0 > 0x20 }) == UInt8(ascii: "{") {
            fuzzCheck(rules == plan.rules, "admin body and plan disagree")
        }
    }
    if let plan {
        let injector = plan.makeInjector(clock: { now })
        for _ in 0..<3 {
            for request in requests {
                for fired in injector.evaluate(request) { _ = fired.logDescription }
            }
        }
        _ = injector.log
    }
    if let text = String(validating: bytes, as: UTF8.self) {
        expectSpecError("FaultAction.fromHeaderList") {
            for action in try FaultAction.fromHeaderList(text) {
                let form = action.headerForm
                do {
                    let again = try FaultAction.fromHeader(form)
                    fuzzCheck(again.headerForm == form, "header form \(form) reads back as \(again.headerForm)")
                } catch {
                    fuzzCheck(false, "header form \(form) does not parse: \(error)")
                }
            }
        }
    }
}

@_cdecl("FuzzFaultRules_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        fuzz(fuzzBytes(data, size))
        return 0
    }
}

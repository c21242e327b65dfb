import FuzzCommon
import Foundation
@testable import PailS3

// Policy documents (PutBucketPolicy bodies, identity policies of the configuration file, STS session
// policies): the JSON reader and the IAM grammar checks behind them, then evaluation.
//
// Input: JSON text. It goes to `PolicyJSON.parse` and `parseLocatingError`, then to `Policy.parse` as a
// bucket, identity and session policy.
// Properties: nothing crashes, hangs or leaks; the two JSON readers agree on what is well-formed and a
// refusal's offset lies within the input; a parsed value's serialization reads back as the same value;
// refusals are PolicyError; a policy that parses evaluates every action against objects, buckets and
// `*`, for a named, an anonymous and no requester, with every condition key present (wildcards, policy
// variables, IP ranges, dates and numbers), and its verdicts obey IAM's rules: `denyOnly` never
// allows, and an explicit Deny is the same Deny with or without `denyOnly`.

/// Every key has a value, so conditions and `${...}` variables are evaluated rather than skipped.
final class EveryKeyContext: PolicyContext {
    func values(forKey key: String) -> [String]? {
        switch key {
        case "aws:sourceip": return ["192.0.2.7"]
        case "aws:currenttime", "aws:epochtime": return ["2026-12-03T12:00:00Z"]
        case "aws:securetransport", "aws:multifactorauthpresent": return ["false"]
        case "s3:max-keys": return ["100"]
        case "aws:username", "aws:userid": return ["alice"]
        case "s3:prefix": return ["home/alice/"]
        default: return ["value*?${x}"]
        }
    }
}

let context = EveryKeyContext()
let requesters: [PolicyRequester?] = [
    PolicyRequester(ids: ["AKIDEXAMPLE", "arn:aws:iam::000000000000:user/alice"],
                    sessionARN: "arn:aws:sts::000000000000:assumed-role/r/s",
                    accountIDs: ["000000000000", "arn:aws:iam::000000000000:root"],
                    canonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"),
    .anonymous,
    nil,
]
/// A few actions per input (all of them would make each input cost thousands of evaluations): the
/// common ones, and others chosen by the input's length so that every action is reached over a run.
func actions(for bytes: [UInt8]) -> [S3Action] {
    let all = S3Action.allCases
    var out: [S3Action] = [.getObject, .putObject, .listBucket, .deleteObject]
    for i in 0..<4 { out.append(all[(bytes.count &* 7 &+ i &* 13) % all.count]) }
    return out
}

let resources = ["arn:aws:s3:::b/home/alice/x.txt", "arn:aws:s3:::b", "arn:aws:s3:::other/k", "*"]

func fuzz(_ bytes: [UInt8]) {
    let value = PolicyJSON.parse(bytes)
    switch PolicyJSON.parseLocatingError(bytes) {
    case .success(let again):
        fuzzCheck(value == again, "parse and parseLocatingError read different values")
    case .failure(let error):
        fuzzCheck(value == nil, "parseLocatingError refused what parse read")
        fuzzCheck(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside \(bytes.count) bytes")
    }
    if let value {
        let text = value.serialized
        fuzzCheck(PolicyJSON.parse(text) == value, "serialized value reads back differently: \(text)")
    }
    for kind in [Policy.Kind.bucket("b"), .identity, .session] {
        let policy: Policy
        do {
            policy = try Policy.parse(bytes, kind: kind)
        } catch is PolicyError {
            continue
        } catch {
            fuzzCheck(false, "Policy.parse threw \(type(of: error)): \(error)")
            continue
        }
        _ = policy.isPublic
        for action in actions(for: bytes) {
            for resource in resources {
                for requester in requesters {
                    let request = PolicyRequest(action: action, resource: resource, requester: requester, context: context)
                    let full = policy.evaluate(request)
                    let denyOnly = policy.evaluate(request, denyOnly: true)
                    fuzzCheck(!denyOnly.isAllow, "denyOnly allowed \(action) on \(resource)")
                    if full.isDeny || denyOnly.isDeny {
                        fuzzCheck(full == denyOnly, "\(action) on \(resource): \(full) in full, \(denyOnly) with denyOnly")
                    }
                }
            }
        }
    }
}

@_cdecl("FuzzPolicy_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        fuzz(fuzzBytes(data, size))
        return 0
    }
}

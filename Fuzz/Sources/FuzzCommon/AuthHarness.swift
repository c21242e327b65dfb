import Foundation
@testable import PailHTTP
import PailS3
@testable import PailServer

/// Runs a request head through the server's authentication step as the pipeline does: the HTTP head
/// parser, addressing, `S3Request`, then `SigV4Authenticator` with SigV2 enabled, so SigV4 header and
/// presigned auth and SigV2 header and query auth are all reached from one input.
///
/// Two configurations, each with a fixed clock: AWS's S3 examples (us-east-1, service `s3`,
/// 2013-05-24T00:00:00Z, key AKIAIOSFODNN7EXAMPLE) and the aws-sig-v4-test-suite (us-east-1, service
/// `service`, 2015-08-30T12:36:00Z, key AKIDEXAMPLE). Seeds signed for either authenticate for real.
public enum AuthHarness {
    public struct Scenario: Sendable {
        public var region: String
        public var service: String
        public var now: Date
    }

    public static let scenarios = [
        Scenario(region: "us-east-1", service: "s3", now: Date(timeIntervalSince1970: 1_369_353_600)),
        Scenario(region: "us-east-1", service: "service", now: Date(timeIntervalSince1970: 1_440_938_160)),
    ]

    public enum Outcome: Equatable {
        case accepted(accessKey: String)
        case refused(code: String, status: Int)
    }

    final class Credentials: CredentialStore {
        let principals = [
            "AKIAIOSFODNN7EXAMPLE": Principal(accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "AKIDEXAMPLE": Principal(accessKey: "AKIDEXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        ]
        func principal(accessKey: String) -> Principal? { principals[accessKey] }
    }

    static let credentials = Credentials()
    public static let addressing = Addressing(domain: "s3.amazonaws.com")

    /// The head in `bytes` (up to the first empty line, or all of it), or nil when the HTTP parser
    /// refuses it (the server would answer 400 before authentication).
    public static func head(_ bytes: [UInt8]) -> HTTPRequestHead? {
        var end = bytes.count
        for i in bytes.indices where bytes[i] == 0x0A {
            if i + 1 < bytes.count, bytes[i + 1] == 0x0A { end = i + 1; break }
            if i + 2 < bytes.count, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A { end = i + 1; break }
        }
        return bytes[..<end].withUnsafeBytes { try? HTTPHeadParser.parse($0, maxHeaderCount: 64) }
    }

    /// `PAIL_FUZZ_VERBOSE=1` prints each outcome (to check that seeds authenticate).
    static let verbose = ProcessInfo.processInfo.environment["PAIL_FUZZ_VERBOSE"] != nil

    /// What each scenario's authenticator answers for `head`.
    public static func authenticate(_ head: HTTPRequestHead) -> [Outcome] {
        let outcomes = authenticateQuietly(head)
        if verbose { print("\(head.method) \(head.target): \(outcomes)") }
        return outcomes
    }

    static func authenticateQuietly(_ head: HTTPRequestHead) -> [Outcome] {
        let http = HTTPRequest(head: head, body: EmptyBodyStream(), contentLength: 0, remoteAddress: "fuzz", isSecure: false)
        let parts: (bucket: String?, key: String?)
        do {
            parts = try addressing.resolve(host: head.headers["Host"], rawPath: head.rawPath)
        } catch let e as S3Error {
            return [.refused(code: e.code, status: e.status)]
        } catch {
            fuzzCheck(false, "addressing threw a non-S3 error: \(error)")
            return []
        }
        return scenarios.map { scenario in
            let now = scenario.now
            let request = S3Request(http: http, requestID: "fuzz", bucket: parts.bucket, key: parts.key, received: now)
            var authenticator = SigV4Authenticator(credentials: credentials, clock: { now }, region: scenario.region)
            authenticator.service = scenario.service
            authenticator.sigV2 = SigV2Authenticator(credentials: credentials, addressing: addressing, clock: { now })
            do {
                let context = try authenticator.authenticate(request)
                return .accepted(accessKey: context.principal.accessKey)
            } catch let e as S3Error {
                return .refused(code: e.code, status: e.status)
            } catch {
                fuzzCheck(false, "authentication threw a non-S3 error: \(error)")
                return .refused(code: "", status: 0)
            }
        }
    }
}

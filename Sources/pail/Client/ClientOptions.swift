import ArgumentParser
import Foundation
import PailClient
import Synchronization

/// Options every client command shares; unset ones come from the environment as the AWS CLI reads
/// it (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION,
/// AWS_PROFILE, AWS_CA_BUNDLE).
struct ClientOptions: ParsableArguments {
    @Option(name: .customLong("endpoint-url"), help: "S3 endpoint (else AWS_ENDPOINT_URL).")
    var endpointURL: String?

    @Option(help: "Region (else AWS_REGION).")
    var region: String?

    @Option(help: "Profile of ~/.aws/credentials and ~/.aws/config (else AWS_PROFILE).")
    var profile: String?

    @Option(name: .customLong("access-key"), help: "Access key id (else AWS_ACCESS_KEY_ID).")
    var accessKey: String?

    @Option(name: .customLong("secret-key"), help: "Secret access key (else AWS_SECRET_ACCESS_KEY).")
    var secretKey: String?

    @Option(name: .customLong("ca-bundle"), help: "PEM file of trusted certificates (else AWS_CA_BUNDLE).")
    var caBundle: String?

    @Flag(name: .customLong("no-verify-ssl"), help: "Accept any server certificate (self-signed servers).")
    var noVerifySSL = false

    @Flag(name: .customLong("virtual-hosted"), help: "Virtual-hosted-style addressing (bucket.host).")
    var virtualHosted = false

    @Option(name: .customLong("max-retries"), help: "Retries after the first attempt.")
    var maxRetries: Int?

    @Flag(name: .customLong("verify-after-write"), help: "HEAD after every PUT and compare size and ETag.")
    var verifyAfterWrite = false

    func makeClient() throws -> S3Client {
        var c = S3ClientConfiguration.fromEnvironment(profile: profile)
        if let endpointURL { c.endpoint = endpointURL }
        if let region { c.region = region }
        if let accessKey, let secretKey {
            c.setCredentials(accessKey: accessKey, secretKey: secretKey,
                             sessionToken: ProcessInfo.processInfo.environment["AWS_SESSION_TOKEN"])
        }
        if let caBundle { c.caFile = caBundle }
        if noVerifySSL { c.allowInvalidCerts = true; c.caFile = nil }
        if virtualHosted { c.addressingStyle = .virtualHosted }
        if let maxRetries { c.retry.maxRetries = maxRetries }
        c.verifyAfterWrite = verifyAfterWrite
        return try S3Client(configuration: c)
    }
}

/// An `s3://bucket/key` path as the AWS CLI writes it.
struct S3Path: CustomStringConvertible {
    var bucket: String
    var key: String

    init?(_ s: String) {
        guard s.hasPrefix("s3://") else { return nil }
        let rest = s.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/") else {
            guard !rest.isEmpty else { return nil }
            bucket = String(rest); key = ""
            return
        }
        bucket = String(rest[..<slash])
        key = String(rest[rest.index(after: slash)...])
        guard !bucket.isEmpty else { return nil }
    }

    var description: String { "s3://\(bucket)/\(key)" }
}

/// Runs async client code from a synchronous command (the root command is not async).
func runBlocking(_ body: @escaping @Sendable () async throws -> Void) throws {
    let done = DispatchSemaphore(value: 0)
    let failure = Mutex<(any Error)?>(nil)
    Task.detached {
        do { try await body() } catch { failure.withLock { $0 = error } }
        done.signal()
    }
    done.wait()
    if let e = failure.withLock({ $0 }) {
        if let s3 = e as? S3ClientError {
            FileHandle.standardError.write(Data("pail: \(s3)\n".utf8))
            throw ExitCode(1)
        }
        throw e
    }
}

func requireS3(_ s: String) throws -> S3Path {
    guard let p = S3Path(s) else { throw ValidationError("expected s3://bucket[/key], got \(s)") }
    return p
}

func formatDate(_ d: Date?) -> String {
    guard let d else { return "                   " }
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "yyyy-MM-dd HH:mm:ss"
    return f.string(from: d)
}

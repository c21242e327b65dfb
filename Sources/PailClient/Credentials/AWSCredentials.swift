import Foundation
import Synchronization

/// An access key pair, optionally temporary (session token and expiry).
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}

/// A source of credentials. `forceRefresh` asks for new ones (after the server said `ExpiredToken`);
/// providers of fixed keys ignore it.
public protocol CredentialsProvider: Sendable {
    func credentials(forceRefresh: Bool) async throws -> AWSCredentials
}

/// Fixed keys.
public struct StaticCredentialsProvider: CredentialsProvider {
    public let value: AWSCredentials
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials(forceRefresh: Bool) async throws -> AWSCredentials { value }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (read at each call).
public struct EnvironmentCredentialsProvider: CredentialsProvider {
    public let environment: @Sendable () -> [String: String]
    public init(environment: @escaping @Sendable () -> [String: String] = { ProcessInfo.processInfo.environment }) {
        self.environment = environment
    }
    public func credentials(forceRefresh: Bool) async throws -> AWSCredentials {
        let env = environment()
        guard let id = env["AWS_ACCESS_KEY_ID"], !id.isEmpty, let secret = env["AWS_SECRET_ACCESS_KEY"] else {
            throw S3ClientError(code: "CredentialsError", message: "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY not set")
        }
        let token = env["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
    }
}

/// Tries each provider in turn; the first that returns credentials wins (and is remembered).
public final class CredentialsChain: CredentialsProvider, Sendable {
    public let providers: [CredentialsProvider]
    private let chosen = Mutex<Int?>(nil)

    public init(_ providers: [CredentialsProvider]) { self.providers = providers }

    /// Environment, then the shared files (`AWS_PROFILE` or `default`).
    public static func standard() -> CredentialsChain {
        CredentialsChain([EnvironmentCredentialsProvider(), ProfileCredentialsProvider()])
    }

    public func credentials(forceRefresh: Bool) async throws -> AWSCredentials {
        let start = chosen.withLock { $0 }
        if let start { return try await providers[start].credentials(forceRefresh: forceRefresh) }
        var errors: [String] = []
        for (i, p) in providers.enumerated() {
            do {
                let c = try await p.credentials(forceRefresh: forceRefresh)
                chosen.withLock { $0 = i }
                return c
            } catch {
                errors.append("\(error)")
            }
        }
        throw S3ClientError(code: "CredentialsError", message: "no credentials: " + errors.joined(separator: "; "))
    }
}

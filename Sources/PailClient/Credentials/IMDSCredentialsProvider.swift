import Foundation
import PailHTTP
import PailS3

/// Role credentials from the EC2 instance metadata service, IMDSv2 only (as Dovecot's obox):
/// `PUT /latest/api/token`, then `GET /latest/meta-data/iam/security-credentials/<role>` with the
/// token (the role list is read first when no role is given). Refreshed `refreshBefore` seconds
/// before `Expiration`, and when forced (after the server answered `ExpiredToken`).
// Unchecked: `cache` is assigned once, in init, because its fetch closure captures `self`; it is only
// read afterwards (and `CredentialsCache` is an actor).
public final class IMDSCredentialsProvider: CredentialsProvider, @unchecked Sendable {
    /// `http://169.254.169.254` by default; tests point it at Pail's IMDS.
    public let endpoint: HTTPEndpoint
    public let roleName: String?
    public let tokenTTL: Int
    private let http: HTTPClient
    private let executor: BlockingExecutor
    private var cache: CredentialsCache!

    public init(endpoint: String = "http://169.254.169.254", roleName: String? = nil, tokenTTL: Int = 21600,
                refreshBefore: Double = 300, timeout: Double = 2, clock: @escaping @Sendable () -> Date = { Date() },
                executor: BlockingExecutor = .shared) throws {
        guard let ep = HTTPEndpoint(endpoint.contains("://") ? endpoint : "http://" + endpoint) else {
            throw S3ClientError(code: "CredentialsError", message: "bad metadata endpoint \(endpoint)")
        }
        self.endpoint = ep
        self.roleName = roleName
        self.tokenTTL = tokenTTL
        self.http = HTTPClient(tls: nil, connectTimeout: timeout)
        self.executor = executor
        let timeoutCopy = timeout
        cache = CredentialsCache(refreshBefore: refreshBefore, clock: clock) { [unowned self] in
            try await self.executor.run { try self.fetchBlocking(timeout: timeoutCopy) }
        }
    }

    public func credentials(forceRefresh: Bool) async throws -> AWSCredentials {
        try await cache.get(forceRefresh: forceRefresh)
    }

    private func call(_ method: String, _ path: String, _ headers: [(String, String)], timeout: Double) throws -> (Int, [UInt8]) {
        let r = try http.execute(HTTPClientRequest(method: method, target: endpoint.basePath + path,
                                                   headers: HTTPHeaders(headers.map { (name: $0.0, value: $0.1) })),
                                 endpoint: endpoint, timeout: timeout)
        return (r.status, try r.readAll(limit: 1 << 20))
    }

    func fetchBlocking(timeout: Double) throws -> AWSCredentials {
        let (ts, tokenBody) = try call("PUT", "/latest/api/token",
                                       [("X-aws-ec2-metadata-token-ttl-seconds", String(tokenTTL))], timeout: timeout)
        guard ts == 200 else { throw S3ClientError(code: "CredentialsError", message: "IMDS token request: HTTP \(ts)", status: ts) }
        let token = String(decoding: tokenBody, as: UTF8.self)
        let auth = [("X-aws-ec2-metadata-token", token)]
        var role = roleName
        if role == nil {
            let (s, body) = try call("GET", "/latest/meta-data/iam/security-credentials/", auth, timeout: timeout)
            guard s == 200 else { throw S3ClientError(code: "CredentialsError", message: "IMDS role list: HTTP \(s)", status: s) }
            role = String(decoding: body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init)
        }
        guard let role, !role.isEmpty else { throw S3ClientError(code: "CredentialsError", message: "IMDS: no role") }
        let (s, body) = try call("GET", "/latest/meta-data/iam/security-credentials/" + role, auth, timeout: timeout)
        guard s == 200 else { throw S3ClientError(code: "CredentialsError", message: "IMDS role credentials: HTTP \(s)", status: s) }
        guard let obj = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let id = obj["AccessKeyId"] as? String, let secret = obj["SecretAccessKey"] as? String else {
            throw S3ClientError(code: "CredentialsError", message: "IMDS: bad credentials document")
        }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: obj["Token"] as? String,
                              expiration: (obj["Expiration"] as? String).flatMap { S3Date.parseISO8601($0) })
    }
}

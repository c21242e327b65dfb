import Foundation
import PailHTTP
import PailS3

/// Temporary credentials from STS: `AssumeRole` when a role ARN is given, else `GetSessionToken`,
/// signed (SigV4, service `sts`) with the source credentials. Refreshed before expiry.
// Unchecked: `cache` is assigned once, in init, because its fetch closure captures `self`; it is only
// read afterwards (and `CredentialsCache` is an actor).
public final class STSCredentialsProvider: CredentialsProvider, @unchecked Sendable {
    public let endpoint: HTTPEndpoint
    public let roleARN: String?
    public let sessionName: String
    public let durationSeconds: Int
    public let region: String
    private let source: CredentialsProvider
    private let http: HTTPClient
    private let executor: BlockingExecutor
    private let clock: @Sendable () -> Date
    private var cache: CredentialsCache!

    public init(endpoint: String, source: CredentialsProvider, roleARN: String? = nil, sessionName: String = "pail-client",
                durationSeconds: Int = 3600, region: String = "us-east-1", refreshBefore: Double = 300,
                tls: TLSClientContext? = nil, clock: @escaping @Sendable () -> Date = { Date() },
                executor: BlockingExecutor = .shared) throws {
        guard let ep = HTTPEndpoint(endpoint) else {
            throw S3ClientError(code: "CredentialsError", message: "bad STS endpoint \(endpoint)")
        }
        self.endpoint = ep
        self.source = source
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.region = region
        self.http = HTTPClient(tls: tls)
        self.executor = executor
        self.clock = clock
        cache = CredentialsCache(refreshBefore: refreshBefore, clock: clock) { [unowned self] in
            let src = try await self.source.credentials(forceRefresh: false)
            return try await self.executor.run { try self.fetchBlocking(src) }
        }
    }

    public func credentials(forceRefresh: Bool) async throws -> AWSCredentials {
        try await cache.get(forceRefresh: forceRefresh)
    }

    func fetchBlocking(_ src: AWSCredentials) throws -> AWSCredentials {
        var form = [("Action", roleARN == nil ? "GetSessionToken" : "AssumeRole"), ("Version", "2011-06-15"),
                    ("DurationSeconds", String(durationSeconds))]
        if let roleARN { form += [("RoleArn", roleARN), ("RoleSessionName", sessionName)] }
        let body = Array(form.map { URIEncoding.encode($0.0, encodeSlash: true) + "=" + URIEncoding.encode($0.1, encodeSlash: true) }
            .joined(separator: "&").utf8)
        var headers = HTTPHeaders()
        headers.add("Host", endpoint.hostHeader)
        headers.add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        let path = endpoint.basePath.isEmpty ? "/" : endpoint.basePath + "/"
        SigV4Signer.sign(method: "POST", rawPath: path, rawQuery: "", headers: &headers,
                         payloadHash: sha256(body).hex, credentials: src, region: region, service: "sts", date: clock())
        let r = try http.execute(HTTPClientRequest(method: "POST", target: path, headers: headers, body: .bytes(body)),
                                 endpoint: endpoint, timeout: 30)
        let bytes = try r.readAll(limit: 1 << 20)
        guard r.status == 200 else {
            throw S3ClientError(code: "CredentialsError", message: "STS: HTTP \(r.status) \(String(decoding: bytes, as: UTF8.self))", status: r.status)
        }
        let root = try XMLReader.parse(bytes)
        let result = root.child(roleARN == nil ? "GetSessionTokenResult" : "AssumeRoleResult")
        guard let c = result?.child("Credentials"), let id = c.child("AccessKeyId")?.text,
              let secret = c.child("SecretAccessKey")?.text else {
            throw S3ClientError(code: "CredentialsError", message: "STS: no credentials in response")
        }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: c.child("SessionToken")?.text,
                              expiration: c.child("Expiration").flatMap { S3Date.parseISO8601($0.text) })
    }
}

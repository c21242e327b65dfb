import Foundation
import PailHTTP
import PailS3

/// An S3 client over Pail's own HTTP/1.1 transport (POSIX sockets, TLS via OpenSSL, keep-alive pool).
///
/// Every call is async; socket I/O runs on the client's `BlockingExecutor` threads, never on the
/// concurrency pool. Failures are `S3ClientError`s carrying the server's request ids. Retryable
/// failures (5xx, 423, 429, SlowDown, RequestTimeout, connection errors, damaged bodies) are retried
/// up to `retry.maxRetries` times with the configured backoff; other 4xx never are.
public final class S3Client: Sendable {
    public let configuration: S3ClientConfiguration
    public let endpoint: HTTPEndpoint
    let http: HTTPClient
    let executor: BlockingExecutor

    /// Throws when the endpoint is not an `http(s)://` URL or the CA file cannot be loaded.
    public init(configuration: S3ClientConfiguration, executor: BlockingExecutor = .shared) throws {
        self.configuration = configuration
        let url = configuration.endpoint ?? "https://s3.\(configuration.region).amazonaws.com"
        guard let ep = HTTPEndpoint(url) else { throw S3ClientError(code: "InvalidEndpoint", message: "bad endpoint \(url)") }
        endpoint = ep
        var tls: TLSClientContext?
        if ep.isSecure {
            do {
                tls = try TLSClientContext(allowInvalidCertificates: configuration.allowInvalidCerts, caFile: configuration.caFile)
            } catch {
                throw S3ClientError(code: "TLSConfiguration", message: "\(error)", underlying: error)
            }
        }
        http = HTTPClient(tls: tls, connectTimeout: configuration.connectTimeout)
        self.executor = executor
    }

    /// Closes idle connections.
    public func shutdown() { http.closeIdle() }

    // MARK: keys and buckets

    func fullKey(_ key: String) -> String { configuration.keyPrefix + key }

    func stripPrefix(_ key: String) -> String {
        let p = configuration.keyPrefix
        return !p.isEmpty && key.hasPrefix(p) ? String(key.dropFirst(p.count)) : key
    }

    func bucketName(_ bucket: String?) throws -> String {
        guard let b = bucket ?? configuration.bucket else {
            throw S3ClientError(code: "InvalidArgument", message: "no bucket given and none configured")
        }
        return b
    }

    /// The endpoint, host header and raw path for `bucket`/`key` in the configured style.
    func address(bucket: String?, key: String?) -> (HTTPEndpoint, String, String) {
        var ep = endpoint
        var path = endpoint.basePath
        let virtual = configuration.addressingStyle == .virtualHosted && bucket != nil
        if let bucket {
            if virtual { ep.host = bucket + "." + ep.host } else { path += "/" + URIEncoding.encode(bucket, encodeSlash: true) }
        }
        if let key { path += "/" + URIEncoding.encode(key, encodeSlash: false) }
        if path.isEmpty || (virtual && key == nil) { path += "/" }
        return (ep, ep.hostHeader, path)
    }

    // MARK: sending

    /// Signs and sends one attempt, blocking; returns the response with its body unread. Non-2xx
    /// responses become `S3ClientError` here (their body read and parsed).
    func sendOnce(_ r: S3Request, credentials: AWSCredentials) throws -> HTTPClientResponse {
        let (ep, host, path) = address(bucket: r.bucket, key: r.key)
        let query = r.rawQuery
        var headers = HTTPHeaders()
        headers.add("Host", host)
        headers.add("User-Agent", "pail-client/1")
        for (n, v) in configuration.extraHeaders { headers.add(n, v) }
        for (n, v) in r.headers { headers.add(n, v) }
        let date = configuration.clock()
        switch configuration.signatureVersion {
        case .v4:
            var hash = r.payloadHash
            if hash == nil {
                switch r.body {
                case .empty: hash = SigV4.emptySHA256
                case .bytes(let b): hash = sha256(b).hex
                case .file, .stream: hash = SigV4Signer.unsignedPayload
                }
            }
            SigV4Signer.sign(method: r.method, rawPath: path, rawQuery: query, headers: &headers, payloadHash: hash!,
                             credentials: credentials, region: configuration.region, service: "s3", date: date)
        case .v2:
            let virtual = configuration.addressingStyle == .virtualHosted && r.bucket != nil
            var resourcePath = path
            if !virtual, !endpoint.basePath.isEmpty { resourcePath = String(path.dropFirst(endpoint.basePath.count)) }
            SigV2Signer.sign(method: r.method, bucketForResource: virtual ? r.bucket : nil, rawPath: resourcePath,
                             rawQuery: query, headers: &headers, credentials: credentials, date: date)
        }
        let target = path + (query.isEmpty ? "" : "?" + query)
        let response: HTTPClientResponse
        do {
            response = try http.execute(HTTPClientRequest(method: r.method, target: target, headers: headers, body: r.body),
                                        endpoint: ep, timeout: configuration.requestTimeout,
                                        expectContinue: r.body.count >= configuration.expectContinueThreshold)
        } catch {
            throw S3ClientError.network(error)
        }
        if response.status >= 300 && !(response.status == 304) {
            throw errorFrom(response, method: r.method)
        }
        return response
    }

    /// Parses an S3 error response (`<Error><Code>…`); HEAD errors have no body, so the numeric
    /// status is the code (as botocore does).
    func errorFrom(_ response: HTTPClientResponse, method: String) -> S3ClientError {
        let body = (try? response.readAll(limit: 1 << 20)) ?? []
        var e = S3ClientError(code: String(response.status), message: response.reason, status: response.status,
                              requestID: response.headers["x-amz-request-id"], hostID: response.headers["x-amz-id-2"])
        if !body.isEmpty, let root = try? XMLReader.parse(body) {
            let err = root.name == "Error" ? root : root.child("Error")
            if let err {
                if let c = err.child("Code")?.text, !c.isEmpty { e.code = c }
                if let m = err.child("Message")?.text { e.message = m }
                if e.requestID == nil { e.requestID = err.child("RequestId")?.text }
                if e.hostID == nil { e.hostID = err.child("HostId")?.text }
            }
        }
        return e
    }

    /// Runs `r` with retries: each attempt sends and then hands the response to `handle` on the I/O
    /// thread (which reads the body and may throw a retryable `S3ClientError`, such as
    /// `ChecksumMismatch`). An `ExpiredToken` answer refreshes the credentials once.
    func perform<T>(_ r: S3Request, handle: @escaping (HTTPClientResponse) throws -> T) async throws -> T {
        let start = configuration.clock()
        var attempt = 0
        var refreshed = false
        var forceRefresh = false
        while true {
            attempt += 1
            do {
                let creds: AWSCredentials
                do {
                    creds = try await configuration.credentials.credentials(forceRefresh: forceRefresh)
                } catch let e as S3ClientError { throw e } catch {
                    throw S3ClientError(code: "CredentialsError", message: "\(error)", underlying: error)
                }
                forceRefresh = false
                return try await executor.run { [self] in
                    let response = try sendOnce(r, credentials: creds)
                    do {
                        return try handle(response)
                    } catch let e as S3ClientError {
                        response.close()
                        var e = e
                        if e.requestID == nil { e.requestID = response.headers["x-amz-request-id"] }
                        if e.hostID == nil { e.hostID = response.headers["x-amz-id-2"] }
                        throw e
                    } catch let e as HTTPError {
                        response.close()
                        var err = S3ClientError(code: e == .bodyTruncated ? "IncompleteBody" : "NetworkError",
                                                message: "\(e)", status: nil, underlying: e)
                        err.requestID = response.headers["x-amz-request-id"]
                        err.hostID = response.headers["x-amz-id-2"]
                        throw err
                    }
                }
            } catch var e as S3ClientError {
                e.operation = r.operation
                e.attempts = attempt
                if ["ExpiredToken", "TokenRefreshRequired", "InvalidToken"].contains(e.code) && !refreshed {
                    refreshed = true
                    forceRefresh = true
                    attempt -= 1
                    continue
                }
                guard RetryPolicy.isRetryable(e), attempt <= configuration.retry.maxRetries else { throw e }
                let delay = configuration.retry.backoff.delay(retry: attempt, random: configuration.random())
                if let limit = configuration.absoluteTimeout,
                   configuration.clock().timeIntervalSince(start) + delay > limit { throw e }
                try await configuration.sleep(delay)
            }
        }
    }

    /// `perform` for calls whose response body is small (XML) or irrelevant: returns status, headers
    /// and body bytes.
    func performBuffered(_ r: S3Request) async throws -> (Int, HTTPHeaders, [UInt8]) {
        try await perform(r) { resp in
            let body = try resp.readAll(limit: 64 << 20)
            return (resp.status, resp.headers, body)
        }
    }
}

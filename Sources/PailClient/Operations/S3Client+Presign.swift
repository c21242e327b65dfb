import Foundation
import PailS3

extension S3Client {
    /// A presigned URL for `method` on `key` valid `expires` seconds (SigV4 query auth, default one
    /// hour as botocore).
    public func presign(_ key: String, method: String = "GET", expires: Int = 3600, bucket: String? = nil) async throws -> String {
        let b = try bucketName(bucket)
        let creds = try await configuration.credentials.credentials(forceRefresh: false)
        let (ep, host, path) = address(bucket: b, key: fullKey(key))
        let q = SigV4Signer.presignQuery(method: method, rawPath: path, rawQuery: "", host: host, expires: expires,
                                         credentials: creds, region: configuration.region, date: configuration.clock())
        return "\(ep.scheme)://\(host)\(path)?\(q)"
    }

    /// Fetches a URL (such as a presigned one) with the client's own transport, unsigned; returns the
    /// status and body.
    public func fetch(url: String, method: String = "GET") async throws -> (Int, [UInt8]) {
        guard let ep = HTTPEndpoint(url) else { throw S3ClientError(code: "InvalidArgument", message: "bad URL \(url)") }
        let afterScheme = url.range(of: "://")!.upperBound
        let target = url[afterScheme...].firstIndex(of: "/").map { String(url[$0...]) } ?? "/"
        let http = self.http
        let timeout = configuration.requestTimeout
        return try await executor.run {
            let r = try http.execute(HTTPClientRequest(method: method, target: target), endpoint: HTTPEndpoint(scheme: ep.scheme, host: ep.host, port: ep.port), timeout: timeout)
            return (r.status, try r.readAll())
        }
    }
}

import PailHTTP

import Foundation
import PailHTTP
import PailS3
#if canImport(Glibc)
import Glibc
#endif

extension S3Client {
    /// PutObject from bytes, with Content-MD5 and a signed SHA-256 payload hash.
    @discardableResult
    public func put(_ key: String, bytes: [UInt8], options: PutOptions = PutOptions(), bucket: String? = nil) async throws -> PutResult {
        let b = try bucketName(bucket)
        var r = S3Request("PutObject", "PUT", bucket: b, key: fullKey(key))
        r.headers = options.allHeaders + [("Content-MD5", md5(bytes).base64)]
        r.body = .bytes(bytes)
        return try await putVerified(r, size: Int64(bytes.count))
    }

    /// Sends a PUT-like request and, with `verifyAfterWrite`, checks with HEAD that the object has the
    /// size and ETag the PUT reported; a mismatch writes again (within `maxRetries`).
    func putVerified(_ r: S3Request, size: Int64) async throws -> PutResult {
        var attempt = 0
        while true {
            attempt += 1
            let (_, headers, _) = try await performBuffered(r)
            let result = PutResult(etag: headers["ETag"] ?? "", size: size, requestID: headers["x-amz-request-id"])
            guard configuration.verifyAfterWrite else { return result }
            let problem: String?
            do {
                let info = try await headFull(bucket: r.bucket!, fullKey: r.key!)
                problem = info.size != size || info.etag != result.etag
                    ? "HEAD shows size \(info.size) ETag \(info.etag), PUT sent \(size) bytes and got ETag \(result.etag)" : nil
            } catch let e as S3ClientError where e.status == 404 {
                problem = "HEAD after PUT: object missing"
            }
            guard let problem else { return result }
            if attempt > configuration.retry.maxRetries {
                var e = S3ClientError(code: "WriteNotVerified", message: problem, requestID: result.requestID)
                e.operation = r.operation
                e.attempts = attempt
                throw e
            }
            try await configuration.sleep(configuration.retry.backoff.delay(retry: attempt, random: configuration.random()))
        }
    }

    /// GetObject into memory (whole object, or `range` such as `0...99`). Full-object bodies are
    /// verified against checksums/ETag and retried when damaged.
    public func get(_ key: String, range: ClosedRange<Int64>? = nil, bucket: String? = nil) async throws -> [UInt8] {
        try await getWithInfo(key, range: range, bucket: bucket).1
    }

    /// GetObject into memory with the object's metadata.
    public func getWithInfo(_ key: String, range: ClosedRange<Int64>? = nil, bucket: String? = nil) async throws -> (ObjectInfo, [UInt8]) {
        let b = try bucketName(bucket)
        let r = getRequest(bucket: b, fullKey: fullKey(key), range: range)
        let verify = configuration.verifyResponseChecksums
        return try await perform(r) { resp in
            let v = BodyVerifier(headers: resp.headers, status: resp.status, enabled: verify)
            var out: [UInt8] = []
            if let n = Int(resp.headers["Content-Length"] ?? "") { out.reserveCapacity(n) }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let n = try chunk.withUnsafeMutableBytes { try resp.read(into: $0) }
                if n == 0 { break }
                chunk.withUnsafeBytes { v.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                out.append(contentsOf: chunk[0..<n])
            }
            try v.finish()
            return (ObjectInfo(key: key, headers: resp.headers), out)
        }
    }

    func getRequest(bucket: String, fullKey: String, range: ClosedRange<Int64>?) -> S3Request {
        var r = S3Request("GetObject", "GET", bucket: bucket, key: fullKey)
        if let range { r.headers.append(("Range", "bytes=\(range.lowerBound)-\(range.upperBound)")) }
        else { r.headers.append(("x-amz-checksum-mode", "ENABLED")) }
        return r
    }

    /// HeadObject.
    public func head(_ key: String, bucket: String? = nil) async throws -> ObjectInfo {
        var info = try await headFull(bucket: try bucketName(bucket), fullKey: fullKey(key))
        info.key = key
        return info
    }

    func headFull(bucket: String, fullKey: String) async throws -> ObjectInfo {
        let (_, headers, _) = try await performBuffered(S3Request("HeadObject", "HEAD", bucket: bucket, key: fullKey))
        return ObjectInfo(key: stripPrefix(fullKey), headers: headers)
    }

    /// True when HEAD finds the object, false on 404.
    public func exists(_ key: String, bucket: String? = nil) async throws -> Bool {
        do { _ = try await head(key, bucket: bucket); return true } catch let e as S3ClientError where e.status == 404 { return false }
    }

    /// DeleteObject (succeeds when the key is missing, as S3 does).
    public func delete(_ key: String, bucket: String? = nil) async throws {
        _ = try await performBuffered(S3Request("DeleteObject", "DELETE", bucket: try bucketName(bucket), key: fullKey(key)))
    }

    /// CopyObject from `sourceBucket`/`sourceKey` (the key prefix applies to both keys). A 200 whose
    /// body is an `<Error>` counts as a 500 and is retried (botocore's rule).
    @discardableResult
    public func copy(from sourceKey: String, sourceBucket: String? = nil, to key: String, bucket: String? = nil) async throws -> String {
        let src = try bucketName(sourceBucket), dst = try bucketName(bucket)
        var r = S3Request("CopyObject", "PUT", bucket: dst, key: fullKey(key))
        r.headers = [("x-amz-copy-source", "/" + src + "/" + URIEncoding.encode(fullKey(sourceKey), encodeSlash: false))]
        let etag: String = try await perform(r) { resp in
            let body = try resp.readAll(limit: 1 << 20)
            guard let root = try? XMLReader.parse(body), root.name != "Error" else {
                throw S3ClientError(code: "InternalError", message: "CopyObject answered 200 with an error body", status: 500)
            }
            return root.child("ETag")?.text ?? ""
        }
        return etag
    }
}

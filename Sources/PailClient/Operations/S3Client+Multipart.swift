import Foundation
import PailHTTP
import PailS3

extension S3Client {
    /// CreateMultipartUpload; returns the upload id.
    public func createMultipartUpload(_ key: String, options: PutOptions = PutOptions(), bucket: String? = nil) async throws -> String {
        var r = S3Request("CreateMultipartUpload", "POST", bucket: try bucketName(bucket), key: fullKey(key))
        r.query = [("uploads", nil)]
        r.headers = options.allHeaders
        let (_, _, body) = try await performBuffered(r)
        guard let id = try parseXML(body).child("UploadId")?.text, !id.isEmpty else {
            throw S3ClientError(code: "InvalidResponse", message: "no UploadId")
        }
        return id
    }

    /// UploadPart; returns the part's ETag.
    public func uploadPart(_ key: String, uploadID: String, partNumber: Int, body: HTTPClientBody, bucket: String? = nil) async throws -> String {
        var r = S3Request("UploadPart", "PUT", bucket: try bucketName(bucket), key: fullKey(key))
        r.query = [("partNumber", String(partNumber)), ("uploadId", uploadID)]
        r.body = body
        r.payloadHash = try await payloadHash(for: body)
        let (_, headers, _) = try await performBuffered(r)
        return headers["ETag"] ?? ""
    }

    /// CompleteMultipartUpload with `(partNumber, etag)` in order; a 200 carrying `<Error>` is
    /// retried as a 500.
    @discardableResult
    public func completeMultipartUpload(_ key: String, uploadID: String, parts: [(Int, String)], bucket: String? = nil) async throws -> String {
        var r = S3Request("CompleteMultipartUpload", "POST", bucket: try bucketName(bucket), key: fullKey(key))
        r.query = [("uploadId", uploadID)]
        var w = XMLWriter()
        w.declaration()
        w.open("CompleteMultipartUpload", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
        for (n, etag) in parts {
            w.open("Part"); w.element("PartNumber", String(n)); w.element("ETag", etag); w.close("Part")
        }
        w.close("CompleteMultipartUpload")
        r.body = .bytes(w.bytes)
        return try await perform(r) { resp in
            let body = try resp.readAll(limit: 1 << 20)
            guard let root = try? XMLReader.parse(body), root.name != "Error" else {
                throw S3ClientError(code: "InternalError", message: "CompleteMultipartUpload answered 200 with an error body", status: 500)
            }
            return root.child("ETag")?.text ?? ""
        }
    }

    /// AbortMultipartUpload.
    public func abortMultipartUpload(_ key: String, uploadID: String, bucket: String? = nil) async throws {
        var r = S3Request("AbortMultipartUpload", "DELETE", bucket: try bucketName(bucket), key: fullKey(key))
        r.query = [("uploadId", uploadID)]
        _ = try await performBuffered(r)
    }

    /// The payload hash for a body: SHA-256 of bytes; for a file region UNSIGNED-PAYLOAD over HTTPS
    /// (TLS protects it) and a hashing pass over the file over plain HTTP.
    func payloadHash(for body: HTTPClientBody) async throws -> String {
        switch body {
        case .empty: return SigV4.emptySHA256
        case .bytes(let b): return sha256(b).hex
        case .file(let path, let offset, let count):
            if endpoint.isSecure { return SigV4Signer.unsignedPayload }
            return try await executor.run { try FileIO.sha256(path: path, offset: offset, count: count) }
        case .stream: return SigV4Signer.unsignedPayload
        }
    }
}

import Foundation
import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// S3's smallest part size for all but the last part.
    static let minPartSize: Int64 = 5 * 1024 * 1024

    func createMultipartUpload(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        var metadata = try ObjectMetadata.from(r.headers)
        metadata.lock = try requestLock(r, bucket: bucket)
        metadata.acl = r.access.objectACL
        let sse = try newObjectKey(r, bucket: bucket)
        metadata.encryption = sse?.record
        let tags = try requestTags(r)
        var algorithm: ChecksumAlgorithm?
        if let name = r.headers["x-amz-checksum-algorithm"] {
            guard let alg = ChecksumAlgorithm(name: name) else {
                throw S3Error.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
            }
            algorithm = alg
        }
        var type = r.headers["x-amz-checksum-type"]?.uppercased()
        if let t = type, t != "COMPOSITE", t != "FULL_OBJECT" {
            throw S3Error.invalidRequest("Value for x-amz-checksum-type header is invalid.")
        }
        if let alg = algorithm {
            // AWS: CRC64NVME is full-object only; SHA checksums can only be composite; CRC32/CRC32C default to composite.
            if type == nil { type = alg == .crc64nvme ? "FULL_OBJECT" : "COMPOSITE" }
            if alg == .crc64nvme && type == "COMPOSITE" || (alg == .sha1 || alg == .sha256) && type == "FULL_OBJECT" {
                throw S3Error.invalidRequest("The \(type!) checksum type cannot be used with the \(alg.rawValue) checksum algorithm.")
            }
        } else if type != nil {
            throw S3Error.invalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.")
        }
        let upload = try storage(bucket: bucket) {
            try store.createUpload(bucket: bucket, key: key, metadata: metadata, checksumAlgorithm: algorithm?.rawValue,
                                   checksumType: type, owner: r.auth.principal.accessKey, tags: tags)
        }
        var xml = XMLWriter()
        xml.declaration()
        xml.open("InitiateMultipartUploadResult", namespace: S3XML.namespace)
        xml.element("Bucket", bucket)
        xml.element("Key", key)
        xml.element("UploadId", upload.uploadId)
        xml.close("InitiateMultipartUploadResult")
        var response = S3XML.response(xml)
        sse?.addHeaders(to: &response.headers, context: true)
        if let algorithm, let type {
            response.headers.add("x-amz-checksum-algorithm", algorithm.rawValue.uppercased())
            response.headers.add("x-amz-checksum-type", type)
        }
        return response
    }

    func uploadPart(_ r: S3Request) throws -> HTTPResponse {
        let (bucket, upload, partNumber) = try partTarget(r)
        var checks = try ChecksumRequest(r)
        if let alg = upload.checksumAlgorithm.flatMap(ChecksumAlgorithm.init(name:)) { try checks.require(alg) }
        let sse = try uploadKey(r, upload)
        let writer = try encrypting(storage(bucket: bucket, uploadId: upload.uploadId) {
            try store.makePartWriter(bucket: bucket, uploadId: upload.uploadId, partNumber: partNumber)
        }, sse, partNumber: partNumber)
        defer { writer.abort() }
        let result = try BodyIngest.run(r, checks: checks) { try writer.write($0) }
        _ = try storage(bucket: bucket, uploadId: upload.uploadId) {
            try writer.commitPart(etag: result.etag, checksum: result.checksum)
        }
        var response = HTTPResponse(status: 200)
        response.headers.add("ETag", S3XML.quoted(result.etag))
        if let alg = result.algorithm, let value = result.checksum { response.headers.add(alg.headerName, value) }
        sse?.addHeaders(to: &response.headers)
        return response
    }

    func uploadPartCopy(_ r: S3Request) throws -> HTTPResponse {
        let (bucket, upload, partNumber) = try partTarget(r)
        let source = try CopySource(r.headers["x-amz-copy-source"] ?? "")
        try ownedBucket(r, source.bucket)
        let content = try openCopySource(source)
        try copyPreconditions(r, content.info)
        let (sourceKey, sse) = (try objectKey(r, content.info, copySource: true), try uploadKey(r, upload))
        var start: Int64 = 0, length = content.info.size
        if let rangeHeader = r.headers["x-amz-copy-source-range"] {
            guard let range = try? ByteRange.parse(rangeHeader, size: content.info.size), rangeHeader.contains("-"),
                  !rangeHeader.hasPrefix("bytes=-") else {
                throw S3Error.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy", name: "x-amz-copy-source-range", value: rangeHeader)
            }
            start = range.start; length = range.length
        }
        let writer = try encrypting(storage(bucket: bucket, uploadId: upload.uploadId) {
            try store.makePartWriter(bucket: bucket, uploadId: upload.uploadId, partNumber: partNumber)
        }, sse, partNumber: partNumber)
        defer { writer.abort() }
        let md5 = Digest(.md5)
        let checksum = upload.checksumAlgorithm.flatMap(ChecksumAlgorithm.init(name:)).map(Checksum.init)
        try readPlaintext(content, sourceKey, from: start, length: length) { chunk in
            md5.update(chunk)
            checksum?.update(chunk)
            try writer.write(chunk)
        }
        let etag = md5.finalize().hex
        let part = try storage(bucket: bucket, uploadId: upload.uploadId) {
            try writer.commitPart(etag: etag, checksum: checksum?.finalize().base64)
        }
        var xml = XMLWriter()
        xml.declaration()
        xml.open("CopyPartResult", namespace: S3XML.namespace)
        xml.element("LastModified", S3Date.iso8601(part.lastModified))
        xml.element("ETag", S3XML.quoted(etag))
        if let alg = upload.checksumAlgorithm.flatMap(ChecksumAlgorithm.init(name:)), let value = part.checksum {
            xml.element(alg.xmlName, value)
        }
        xml.close("CopyPartResult")
        var response = S3XML.response(xml)
        sse?.addHeaders(to: &response.headers)
        if content.info.versionId != nil || source.versionId != nil {
            response.headers.add("x-amz-copy-source-version-id", content.info.versionIdOrNull)
        }
        return response
    }

    /// Bucket, upload and part number of an UploadPart(Copy), validated.
    private func partTarget(_ r: S3Request) throws -> (String, UploadInfo, Int) {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        guard let partNumber = try partNumberParam(r) else { throw S3Error.invalidArgument("partNumber is required", name: "partNumber") }
        let uploadId = r.param("uploadId") ?? ""
        let upload = try storage(bucket: bucket, uploadId: uploadId) { try store.upload(bucket: bucket, uploadId: uploadId) }
        guard upload.key == key else { throw S3Error.noSuchUpload(uploadId) }
        return (bucket, upload, partNumber)
    }

    func abortMultipartUpload(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        let uploadId = r.param("uploadId") ?? ""
        let upload = try storage(bucket: bucket, uploadId: uploadId) { try store.upload(bucket: bucket, uploadId: uploadId) }
        guard upload.key == key else { throw S3Error.noSuchUpload(uploadId) }
        try storage(bucket: bucket, uploadId: uploadId) { try store.abortUpload(bucket: bucket, uploadId: uploadId) }
        return HTTPResponse(status: 204)
    }
}

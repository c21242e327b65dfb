import Foundation
import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    func completeMultipartUpload(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        let uploadId = r.param("uploadId") ?? ""
        let upload: UploadInfo
        do {
            upload = try store.upload(bucket: bucket, uploadId: uploadId)
        } catch StorageError.noSuchUpload {
            // A retry after a lost response: AWS answers 200 with the object the first call made
            // (API reference, CompleteMultipartUpload).
            if let done = try storage(bucket: bucket, { try store.completedUpload(bucket: bucket, uploadId: uploadId) }),
               done.key == key {
                return completionResult(r, bucket: bucket, key: key, info: done)
            }
            throw S3Error.noSuchUpload(uploadId)
        }
        guard upload.key == key else { throw S3Error.noSuchUpload(uploadId) }
        let condition = try writeCondition(r)
        let heldAtStart = conditionHolds(condition, bucket: bucket, key: key)
        let body = try PayloadReader(request: r).readXML(limit: 4 * 1024 * 1024)
        let requested = try CompletionList.parse(body)
        let algorithm = upload.checksumAlgorithm.flatMap(ChecksumAlgorithm.init(name:))

        let stored = try storage(bucket: bucket, uploadId: uploadId) {
            try store.listParts(bucket: bucket, uploadId: uploadId, after: 0, max: 10_000)
        }
        let byNumber = Dictionary(stored.map { ($0.partNumber, $0) }, uniquingKeysWith: { a, _ in a })
        var chosen: [PartInfo] = []
        for (index, want) in requested.enumerated() {
            guard let part = byNumber[want.partNumber], ETag.unquote(want.etag) == part.etag else { throw S3Error.invalidPart() }
            if let alg = algorithm, let sent = want.checksums[alg], sent != part.checksum { throw S3Error.invalidPart() }
            if index < requested.count - 1 && part.size < Self.minPartSize {
                throw S3Error.entityTooSmall()
                    .with("ProposedSize", String(part.size)).with("MinSizeAllowed", String(Self.minPartSize))
                    .with("PartNumber", String(part.partNumber)).with("ETag", part.etag)
            }
            chosen.append(part)
        }

        let md5s = chosen.flatMap { hexDecode($0.etag) ?? [] }
        let etag = md5(md5s).hex + "-\(chosen.count)"
        var metadata = upload.metadata
        metadata.encryption?.parts = chosen.map(\.partNumber)
        if let alg = algorithm, let type = upload.checksumType {
            let value = try Self.multipartChecksum(alg, type: type, parts: chosen)
            try Self.verifyWholeChecksum(r, alg, type: type, computed: value)
            metadata.checksums = [alg.rawValue: value]
            metadata.checksumType = type
        }
        let info: ObjectInfo
        do {
            info = try conditionalWrite(condition, heldAtStart: heldAtStart, bucket: bucket, key: key) {
                try store.completeUpload(bucket: bucket, uploadId: uploadId, partNumbers: chosen.map(\.partNumber),
                                         etag: etag, metadata: metadata, condition: condition)
            }
        } catch let error as S3Error where error.code == "NoSuchUpload" {
            // Two completions raced: the other one finished first, and this is its answer too.
            if let done = try storage(bucket: bucket, { try store.completedUpload(bucket: bucket, uploadId: uploadId) }) {
                return completionResult(r, bucket: bucket, key: key, info: done)
            }
            throw error
        }
        return completionResult(r, bucket: bucket, key: key, info: info)
    }

    /// The CompleteMultipartUpload answer for the object the upload made.
    private func completionResult(_ r: S3Request, bucket: String, key: String, info: ObjectInfo) -> HTTPResponse {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("CompleteMultipartUploadResult", namespace: S3XML.namespace)
        let scheme = r.http.isSecure ? "https" : "http"
        xml.element("Location", "\(scheme)://\(r.headers["Host"] ?? "localhost")/\(bucket)/\(URIEncoding.encode(key, encodeSlash: false))")
        xml.element("Bucket", bucket)
        xml.element("Key", key)
        xml.element("ETag", S3XML.quoted(info.etag))
        for (name, value) in info.metadata.checksums.sorted(by: { $0.key < $1.key }) {
            if let alg = ChecksumAlgorithm(name: name) { xml.element(alg.xmlName, value) }
        }
        if let type = info.metadata.checksumType { xml.element("ChecksumType", type) }
        xml.close("CompleteMultipartUploadResult")
        var response = S3XML.response(xml)
        if let id = info.versionId { response.headers.add("x-amz-version-id", id) }
        if let expiration = expirationHeader(info) { response.headers.add("x-amz-expiration", expiration) }
        completionEncryptionHeaders(info, &response.headers)
        return response
    }

    /// An `x-amz-checksum-*` header on CompleteMultipartUpload checks the whole object's checksum
    /// (`x-amz-checksum-type` tells which kind the client computed): a malformed value is
    /// InvalidRequest, a well-formed one that differs BadDigest, as for PutObject.
    static func verifyWholeChecksum(_ r: S3Request, _ alg: ChecksumAlgorithm, type: String, computed: String) throws {
        for (name, value) in r.headers.fields {
            guard let sent = ChecksumAlgorithm.from(header: name) else { continue }
            guard sent == alg else {
                throw S3Error.invalidRequest("Checksum Type mismatch occurred, expected checksum Type: \(alg.rawValue), actual checksum Type: \(sent.rawValue)")
            }
            if let claimed = r.headers["x-amz-checksum-type"], claimed.uppercased() != type {
                throw S3Error.invalidRequest("The upload was created using the \(type) checksum mode. The complete request must use the same checksum mode.")
            }
            let bare = value.split(separator: "-", maxSplits: 1).first.map(String.init) ?? value
            guard let decoded = base64Decode(bare), decoded.count == alg.digestLength else {
                throw S3Error.invalidRequest("Value for \(alg.headerName) header is invalid.")
            }
            let expected = computed.split(separator: "-", maxSplits: 1).first.map(String.init) ?? computed
            if bare != expected {
                throw S3Error.badDigest("The \(alg.rawValue.uppercased()) you specified did not match the calculated checksum.")
            }
        }
    }

    /// The whole-object checksum as AWS computes it: COMPOSITE = checksum of the concatenated part
    /// checksums with `-N`; FULL_OBJECT = the part CRCs combined into the CRC of the whole object.
    static func multipartChecksum(_ alg: ChecksumAlgorithm, type: String, parts: [PartInfo]) throws -> String {
        var raw: [[UInt8]] = []
        for part in parts {
            guard let value = part.checksum, let bytes = base64Decode(value) else {
                throw S3Error.invalidRequest("The upload was created using a \(alg.rawValue) checksum. The complete request must include the checksum for each part. It was missing for part \(part.partNumber) in the request.")
            }
            raw.append(bytes)
        }
        if type == "COMPOSITE" {
            let c = Checksum(alg)
            for bytes in raw { bytes.withUnsafeBytes { c.update($0) } }
            return c.finalize().base64 + "-\(parts.count)"
        }
        guard var combined = raw.first else { return Checksum(alg).finalize().base64 }
        for (bytes, part) in zip(raw.dropFirst(), parts.dropFirst()) {
            guard let next = Checksum.combine(alg, combined, bytes, lengthB: part.size) else {
                throw S3Error.invalidRequest("The FULL_OBJECT checksum type requires a CRC algorithm.")
            }
            combined = next
        }
        return combined.base64
    }
}

/// The `<CompleteMultipartUpload>` body: parts in ascending order, each once.
struct CompletionList {
    var partNumber: Int
    var etag: String
    var checksums: [ChecksumAlgorithm: String]

    static func parse(_ body: [UInt8]) throws -> [CompletionList] {
        let doc = try XMLReader.parse(body)
        guard doc.name == "CompleteMultipartUpload" else { throw S3Error.malformedXML() }
        var parts: [CompletionList] = []
        for node in doc.children("Part") {
            guard let numberText = node.child("PartNumber")?.text, let number = Int(numberText.trimmedSpaces()),
                  let etag = node.child("ETag")?.text else { throw S3Error.malformedXML() }
            var checksums: [ChecksumAlgorithm: String] = [:]
            for alg in ChecksumAlgorithm.allCases { if let v = node.child(alg.xmlName)?.text { checksums[alg] = v } }
            if let last = parts.last, number <= last.partNumber { throw S3Error.invalidPartOrder() }
            parts.append(CompletionList(partNumber: number, etag: etag, checksums: checksums))
        }
        guard !parts.isEmpty else {
            throw S3Error.malformedXML()
        }
        return parts
    }
}

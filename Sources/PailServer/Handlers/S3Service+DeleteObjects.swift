import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// `POST /bucket?delete`: up to 1000 keys in one index transaction.
    func deleteObjects(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let bucketInfo = try ownedBucket(r, bucket)
        let checks = try ChecksumRequest(r)
        // AWS documents Content-MD5 as required; SDKs since 2025 send a CRC32 header instead. Either will do.
        guard checks.contentMD5 != nil || checks.algorithm != nil else {
            throw S3Error.invalidRequest("Missing required header for this request: Content-MD5")
        }
        let payload = try PayloadReader(request: r)
        let body = try payload.readXML(limit: 2 * 1024 * 1024)
        let checksum = checks.algorithm.map(Checksum.init)
        body.withUnsafeBytes { checksum?.update($0) }
        _ = try checks.verify(md5: md5(body), checksum: checksum?.finalize(), trailers: payload.trailers)

        let doc = try XMLReader.parse(body)
        guard doc.name == "Delete" else { throw S3Error.malformedXML() }
        let objects = doc.children("Object")
        guard !objects.isEmpty, objects.count <= 1000 else { throw S3Error.malformedXML() }
        var requests: [DeleteRequest] = []
        for object in objects {
            guard let key = object.child("Key")?.text else { throw S3Error.malformedXML() }
            let version = VersionSelector(object.child("VersionId").map(\.text).flatMap { $0.isEmpty ? nil : $0 })
            requests.append(DeleteRequest(key: key, version: version,
                                          ifMatch: object.child("ETag").map { ETag.unquote($0.text) },
                                          bypassGovernance: bypassesGovernance(r, bucket: bucketInfo, key: key, version: version)))
        }
        let quiet = doc.child("Quiet")?.text.lowercased() == "true"

        // Keys S3 would refuse are reported per key; the rest go to storage in one batch.
        var results = [Result<DeleteOutcome, S3Error>?](repeating: nil, count: requests.count)
        var batch: [(Int, DeleteRequest)] = []
        for (i, request) in requests.enumerated() {
            if request.key.isEmpty { results[i] = .failure(S3Error("UserKeyMustBeSpecified", 400, "The key must be specified.")) }
            else if request.key.utf8.count > 1024 { results[i] = .failure(.keyTooLong()) }
            else if let refused = r.access.deleteGate?(request.key, request.version) { results[i] = .failure(refused) }
            else { batch.append((i, request)) }
        }
        let outcome = try storage(bucket: bucket) { try store.delete(bucket: bucket, batch.map(\.1)) }
        for ((i, request), result) in zip(batch, outcome) {
            let versionId: String? = if case .id(let id) = request.version { id } else { nil }
            results[i] = result.mapError { $0.s3(bucket: bucket, key: request.key, versionId: versionId) }
        }

        var xml = XMLWriter()
        xml.declaration()
        xml.open("DeleteResult", namespace: S3XML.namespace)
        for (request, result) in zip(requests, results) {
            let asked: String? = switch request.version {
            case .latest: nil
            case .null: "null"
            case .id(let id): id
            }
            switch result {
            case .failure(let error)?:
                xml.open("Error")
                xml.element("Key", request.key)
                if let asked { xml.element("VersionId", asked) }
                xml.element("Code", error.code)
                xml.element("Message", error.message)
                xml.close("Error")
            case .success(let done)?:
                guard !quiet else { continue }
                xml.open("Deleted")
                xml.element("Key", request.key)
                if let asked { xml.element("VersionId", asked) }
                if done.deleteMarker { xml.element("DeleteMarker", "true") }
                if done.createdMarker || (done.deleteMarker && asked != nil) {
                    xml.element("DeleteMarkerVersionId", done.versionId ?? "null")
                }
                xml.close("Deleted")
            case nil:
                continue
            }
        }
        xml.close("DeleteResult")
        return S3XML.response(xml)
    }
}

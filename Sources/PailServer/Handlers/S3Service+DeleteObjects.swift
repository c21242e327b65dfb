import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// `POST /bucket?delete`: up to 1000 keys in one index transaction.
    func deleteObjects(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
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
        var keys: [String] = []
        for object in objects {
            guard let key = object.child("Key")?.text else { throw S3Error.malformedXML() }
            keys.append(key)
        }
        let quiet = doc.child("Quiet")?.text.lowercased() == "true"

        // Keys S3 would refuse are reported per key; the rest go to storage in one batch.
        var results = [S3Error?](repeating: nil, count: keys.count)
        var batch: [(Int, String)] = []
        for (i, key) in keys.enumerated() {
            if key.isEmpty { results[i] = S3Error("UserKeyMustBeSpecified", 400, "The key must be specified.") }
            else if key.utf8.count > 1024 { results[i] = .keyTooLong() }
            else { batch.append((i, key)) }
        }
        let outcome = try storage(bucket: bucket) { try store.delete(bucket: bucket, keys: batch.map(\.1)) }
        for ((i, key), error) in zip(batch, outcome) {
            if let error { results[i] = error.s3(bucket: bucket, key: key) }
        }

        var xml = XMLWriter()
        xml.declaration()
        xml.open("DeleteResult", namespace: S3XML.namespace)
        for (key, error) in zip(keys, results) {
            if let error {
                xml.open("Error")
                xml.element("Key", key)
                xml.element("Code", error.code)
                xml.element("Message", error.message)
                xml.close("Error")
            } else if !quiet {
                xml.open("Deleted")
                xml.element("Key", key)
                xml.close("Deleted")
            }
        }
        xml.close("DeleteResult")
        return S3XML.response(xml)
    }
}

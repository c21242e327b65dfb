import Foundation
import PailS3

extension S3Client {
    /// DeleteObjects in batches of `bulkDeleteLimit` keys; per-key errors are collected, not thrown
    /// (a missing key counts as deleted, as S3 reports it).
    public func deleteMany(_ keys: [String], bucket: String? = nil) async throws -> DeleteManyResult {
        let b = try bucketName(bucket)
        var result = DeleteManyResult()
        let limit = max(1, min(configuration.bulkDeleteLimit, 1000))
        var start = 0
        while start < keys.count {
            let batch = keys[start..<min(start + limit, keys.count)]
            start += limit
            var w = XMLWriter()
            w.declaration()
            w.open("Delete", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
            for k in batch {
                w.open("Object"); w.element("Key", fullKey(k)); w.close("Object")
            }
            w.element("Quiet", "false")
            w.close("Delete")
            var r = S3Request("DeleteObjects", "POST", bucket: b)
            r.query = [("delete", nil)]
            r.body = .bytes(w.bytes)
            r.headers = [("Content-MD5", md5(w.bytes).base64), ("Content-Type", "application/xml")]
            let (_, _, body) = try await performBuffered(r)
            let root = try parseXML(body)
            for d in root.children("Deleted") { result.deleted.append(stripPrefix(d.child("Key")?.text ?? "")) }
            for e in root.children("Error") {
                result.errors.append(.init(key: stripPrefix(e.child("Key")?.text ?? ""), code: e.child("Code")?.text ?? "",
                                           message: e.child("Message")?.text ?? ""))
            }
        }
        return result
    }
}

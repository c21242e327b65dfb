import Foundation
import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    func listObjectsV2(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        let q = try ListQuery(r)
        var after = r.param("start-after")
        let token = r.param("continuation-token")
        if let token {
            guard let decoded = base64Decode(token), let marker = String(bytes: decoded, encoding: .utf8) else {
                throw S3Error.invalidArgument("The continuation token provided is incorrect", name: "continuation-token", value: token)
            }
            after = marker
        }
        let page = try storage(bucket: bucket) {
            try store.list(bucket: bucket, prefix: q.prefix, delimiter: q.delimiter, after: after.flatMap { $0.isEmpty ? nil : $0 }, maxKeys: q.maxKeys)
        }
        let fetchOwner = r.param("fetch-owner") == "true"
        var xml = XMLWriter(capacity: 1024 + 320 * (page.objects.count + page.commonPrefixes.count))
        xml.declaration()
        xml.open("ListBucketResult", namespace: S3XML.namespace)
        xml.element("Name", bucket)
        xml.element("Prefix", q.encode(q.prefix))
        if let token { xml.element("ContinuationToken", token) }
        if let start = r.param("start-after") { xml.element("StartAfter", q.encode(start)) }
        xml.element("KeyCount", String(page.objects.count + page.commonPrefixes.count))
        xml.element("MaxKeys", String(q.maxKeys))
        if let delimiter = q.delimiter { xml.element("Delimiter", q.encode(delimiter)) }
        if q.urlEncoding { xml.element("EncodingType", "url") }
        xml.element("IsTruncated", page.isTruncated ? "true" : "false")
        if page.isTruncated, let next = page.nextMarker {
            xml.element("NextContinuationToken", Array(next.utf8).base64)
        }
        try writeContents(&xml, page, q, owner: fetchOwner)
        xml.close("ListBucketResult")
        return S3XML.response(xml)
    }

    func listObjectsV1(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        let q = try ListQuery(r)
        let marker = r.param("marker") ?? ""
        let page = try storage(bucket: bucket) {
            try store.list(bucket: bucket, prefix: q.prefix, delimiter: q.delimiter, after: marker.isEmpty ? nil : marker, maxKeys: q.maxKeys)
        }
        var xml = XMLWriter(capacity: 1024 + 320 * (page.objects.count + page.commonPrefixes.count))
        xml.declaration()
        xml.open("ListBucketResult", namespace: S3XML.namespace)
        xml.element("Name", bucket)
        xml.element("Prefix", q.encode(q.prefix))
        xml.element("Marker", q.encode(marker))
        xml.element("MaxKeys", String(q.maxKeys))
        if let delimiter = q.delimiter { xml.element("Delimiter", q.encode(delimiter)) }
        if q.urlEncoding { xml.element("EncodingType", "url") }
        xml.element("IsTruncated", page.isTruncated ? "true" : "false")
        // S3 returns NextMarker only when a delimiter was given; clients otherwise use the last key.
        if page.isTruncated, q.delimiter != nil, let next = page.nextMarker { xml.element("NextMarker", q.encode(next)) }
        try writeContents(&xml, page, q, owner: true)
        xml.close("ListBucketResult")
        return S3XML.response(xml)
    }

    private func writeContents(_ xml: inout XMLWriter, _ page: ListPage, _ q: ListQuery, owner: Bool) throws {
        var ownerOf: (bucket: String, principal: Principal)?
        // By index: `for object in page.objects` copied each ObjectInfo (a dozen references) out.
        for i in page.objects.indices {
            var principal: Principal?
            if owner {
                let bucket = page.objects[i].bucket
                if ownerOf?.bucket != bucket { ownerOf = (bucket, try bucketPrincipal(bucket)) }
                principal = ownerOf?.principal
            }
            Self.writeObject(&xml, page.objects[i], q, owner: principal)
        }
        for prefix in page.commonPrefixes {
            xml.markup("<CommonPrefixes><Prefix>")
            xml.text(q.encode(prefix))
            xml.markup("</Prefix></CommonPrefixes>")
        }
    }

    /// One `<Contents>`, written in pieces rather than with `element(_:_:)`: the same bytes without a
    /// String per tag and per value (see `XMLWriter.markup`).
    private static func writeObject(_ xml: inout XMLWriter, _ object: ObjectInfo, _ q: ListQuery, owner: Principal?) {
        xml.markup("<Contents><Key>")
        xml.text(q.encode(object.key))
        xml.markup("</Key><LastModified>")
        xml.iso8601(object.lastModified)
        xml.markup("</LastModified><ETag>&quot;")
        xml.text(object.etag)
        xml.markup("&quot;</ETag>")
        let checksums = object.metadata.checksums
        if checksums.count == 1 {
            writeChecksumAlgorithm(&xml, checksums.first!.key)
        } else if checksums.count > 1 {
            for name in checksums.keys.sorted() { writeChecksumAlgorithm(&xml, name) }
        }
        if let type = object.metadata.checksumType {
            xml.markup("<ChecksumType>")
            xml.text(type)
            xml.markup("</ChecksumType>")
        }
        xml.markup("<Size>")
        xml.decimal(object.size)
        xml.markup("</Size>")
        if let owner { S3XML.owner(&xml, owner) }
        if let storageClass = object.metadata.storageClass {
            xml.markup("<StorageClass>")
            xml.text(storageClass)
            xml.markup("</StorageClass></Contents>")
        } else {
            xml.markup("<StorageClass>STANDARD</StorageClass></Contents>")
        }
    }

    /// `<ChecksumAlgorithm>` with the upper-case name; stored names are the lower-case header
    /// spelling, tried first so the common case lower-cases nothing.
    private static func writeChecksumAlgorithm(_ xml: inout XMLWriter, _ name: String) {
        guard let algorithm = ChecksumAlgorithm(rawValue: name) ?? ChecksumAlgorithm(name: name) else { return }
        switch algorithm {
        case .crc32: xml.markup("<ChecksumAlgorithm>CRC32</ChecksumAlgorithm>")
        case .crc32c: xml.markup("<ChecksumAlgorithm>CRC32C</ChecksumAlgorithm>")
        case .crc64nvme: xml.markup("<ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm>")
        case .sha1: xml.markup("<ChecksumAlgorithm>SHA1</ChecksumAlgorithm>")
        case .sha256: xml.markup("<ChecksumAlgorithm>SHA256</ChecksumAlgorithm>")
        }
    }

    /// The principal owning `bucket` (for Owner elements).
    func bucketPrincipal(_ bucket: String) throws -> Principal {
        let info = try storage(bucket: bucket) { try store.bucket(bucket) }
        return credentials.principal(accessKey: info.owner) ?? Principal(accessKey: info.owner, secretKey: "")
    }
}

/// The parameters ListObjects V1 and V2 share.
struct ListQuery {
    var prefix: String
    var delimiter: String?
    var maxKeys: Int
    var urlEncoding: Bool

    init(_ r: S3Request) throws {
        prefix = r.param("prefix") ?? ""
        delimiter = r.param("delimiter").flatMap { $0.isEmpty ? nil : $0 }
        maxKeys = 1000
        if let raw = r.param("max-keys") {
            guard let n = Int(raw), n >= 0 else {
                throw S3Error.invalidArgument("Provided max-keys not an integer or within integer range", name: "max-keys", value: raw)
            }
            maxKeys = min(n, 1000)
        }
        urlEncoding = false
        if let encoding = r.param("encoding-type") {
            guard encoding == "url" else {
                throw S3Error.invalidArgument("Invalid Encoding Method specified in Request", name: "encoding-type", value: encoding)
            }
            urlEncoding = true
        }
    }

    /// With `encoding-type=url`, keys go out percent-encoded; `+` must be `%2B` because botocore decodes
    /// with unquote_plus.
    func encode(_ s: String) -> String { urlEncoding ? URIEncoding.encode(s, encodeSlash: false) : s }
}

import Foundation
import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// ListObjectVersions (API reference): versions and delete markers in key order, newest first
    /// within a key, paged by (key-marker, version-id-marker). In a never-versioned bucket every
    /// object is listed as its `null` version.
    func listObjectVersions(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        let q = try ListQuery(r)
        let keyMarker = r.param("key-marker").flatMap { $0.isEmpty ? nil : $0 }
        let versionIdMarker = r.param("version-id-marker").flatMap { $0.isEmpty ? nil : $0 }
        if versionIdMarker != nil && keyMarker == nil {
            throw S3Error.invalidArgument("A version-id marker cannot be specified without a key marker.",
                                          name: "version-id-marker", value: versionIdMarker)
        }
        let page = try storage(bucket: bucket) {
            try store.listVersions(bucket: bucket, prefix: q.prefix, delimiter: q.delimiter, keyMarker: keyMarker,
                                   versionIdMarker: versionIdMarker, maxKeys: q.maxKeys)
        }
        let owner = try bucketPrincipal(bucket)
        var xml = XMLWriter(capacity: 1024 + 400 * (page.versions.count + page.commonPrefixes.count))
        xml.declaration()
        xml.open("ListVersionsResult", namespace: S3XML.namespace)
        xml.element("Name", bucket)
        xml.element("Prefix", q.encode(q.prefix))
        xml.element("KeyMarker", q.encode(keyMarker ?? ""))
        xml.element("VersionIdMarker", versionIdMarker ?? "")
        if page.isTruncated {
            if let next = page.nextKeyMarker { xml.element("NextKeyMarker", q.encode(next)) }
            if let next = page.nextVersionIdMarker { xml.element("NextVersionIdMarker", next) }
        }
        xml.element("MaxKeys", String(q.maxKeys))
        if let delimiter = q.delimiter { xml.element("Delimiter", q.encode(delimiter)) }
        if q.urlEncoding { xml.element("EncodingType", "url") }
        xml.element("IsTruncated", page.isTruncated ? "true" : "false")
        for version in page.versions {
            xml.open(version.isDeleteMarker ? "DeleteMarker" : "Version")
            xml.element("Key", q.encode(version.key))
            xml.element("VersionId", version.versionIdOrNull)
            xml.element("IsLatest", version.isLatest ? "true" : "false")
            xml.element("LastModified", S3Date.iso8601(version.lastModified))
            if !version.isDeleteMarker {
                xml.element("ETag", S3XML.quoted(version.etag))
                for name in version.metadata.checksums.keys.sorted() {
                    if let alg = ChecksumAlgorithm(name: name) { xml.element("ChecksumAlgorithm", alg.rawValue.uppercased()) }
                }
                if let type = version.metadata.checksumType { xml.element("ChecksumType", type) }
                xml.element("Size", String(version.size))
                xml.element("StorageClass", version.metadata.storageClass ?? "STANDARD")
            }
            S3XML.owner(&xml, owner)
            xml.close(version.isDeleteMarker ? "DeleteMarker" : "Version")
        }
        for prefix in page.commonPrefixes {
            xml.open("CommonPrefixes")
            xml.element("Prefix", q.encode(prefix))
            xml.close("CommonPrefixes")
        }
        xml.close("ListVersionsResult")
        return S3XML.response(xml)
    }
}

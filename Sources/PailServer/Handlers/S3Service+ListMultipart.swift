import Foundation
import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    func listParts(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        let uploadId = r.param("uploadId") ?? ""
        let upload = try storage(bucket: bucket, uploadId: uploadId) { try store.upload(bucket: bucket, uploadId: uploadId) }
        guard upload.key == key else { throw S3Error.noSuchUpload(uploadId) }
        let marker = try intParam(r, "part-number-marker", default: 0)
        let maxParts = min(try intParam(r, "max-parts", default: 1000), 1000)
        let parts = try storage(bucket: bucket, uploadId: uploadId) {
            try store.listParts(bucket: bucket, uploadId: uploadId, after: marker, max: maxParts + 1)
        }
        let page = Array(parts.prefix(maxParts))
        let truncated = parts.count > maxParts
        let owner = try bucketPrincipal(bucket)
        let algorithm = upload.checksumAlgorithm.flatMap(ChecksumAlgorithm.init(name:))
        var xml = XMLWriter()
        xml.declaration()
        xml.open("ListPartsResult", namespace: S3XML.namespace)
        xml.element("Bucket", bucket)
        xml.element("Key", key)
        xml.element("UploadId", uploadId)
        S3XML.owner(&xml, owner, element: "Initiator")
        S3XML.owner(&xml, owner)
        xml.element("StorageClass", upload.metadata.storageClass ?? "STANDARD")
        xml.element("PartNumberMarker", String(marker))
        if let last = page.last { xml.element("NextPartNumberMarker", String(last.partNumber)) }
        xml.element("MaxParts", String(maxParts))
        xml.element("IsTruncated", truncated ? "true" : "false")
        if let algorithm { xml.element("ChecksumAlgorithm", algorithm.rawValue.uppercased()) }
        if let type = upload.checksumType { xml.element("ChecksumType", type) }
        for part in page {
            xml.open("Part")
            xml.element("PartNumber", String(part.partNumber))
            xml.element("LastModified", S3Date.iso8601(part.lastModified))
            xml.element("ETag", S3XML.quoted(part.etag))
            xml.element("Size", String(part.size))
            if let algorithm, let value = part.checksum { xml.element(algorithm.xmlName, value) }
            xml.close("Part")
        }
        xml.close("ListPartsResult")
        return S3XML.response(xml)
    }

    func listMultipartUploads(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        let prefix = r.param("prefix") ?? ""
        let keyMarker = r.param("key-marker").flatMap { $0.isEmpty ? nil : $0 }
        let uploadIdMarker = r.param("upload-id-marker").flatMap { $0.isEmpty ? nil : $0 }
        let maxUploads = min(try intParam(r, "max-uploads", default: 1000), 1000)
        let urlEncoding = r.param("encoding-type") == "url"
        func enc(_ s: String) -> String { urlEncoding ? URIEncoding.encode(s, encodeSlash: false) : s }
        let uploads = try storage(bucket: bucket) {
            try store.listUploads(bucket: bucket, prefix: prefix, keyMarker: keyMarker, uploadIdMarker: uploadIdMarker, max: maxUploads + 1)
        }
        let page = Array(uploads.prefix(maxUploads))
        let truncated = uploads.count > maxUploads
        let owner = try bucketPrincipal(bucket)
        var xml = XMLWriter()
        xml.declaration()
        xml.open("ListMultipartUploadsResult", namespace: S3XML.namespace)
        xml.element("Bucket", bucket)
        xml.element("KeyMarker", enc(keyMarker ?? ""))
        xml.element("UploadIdMarker", uploadIdMarker ?? "")
        if truncated, let last = page.last {
            xml.element("NextKeyMarker", enc(last.key))
            xml.element("NextUploadIdMarker", last.uploadId)
        }
        xml.element("Prefix", enc(prefix))
        if urlEncoding { xml.element("EncodingType", "url") }
        xml.element("MaxUploads", String(maxUploads))
        xml.element("IsTruncated", truncated ? "true" : "false")
        for upload in page {
            xml.open("Upload")
            xml.element("Key", enc(upload.key))
            xml.element("UploadId", upload.uploadId)
            S3XML.owner(&xml, owner, element: "Initiator")
            S3XML.owner(&xml, owner)
            xml.element("StorageClass", upload.metadata.storageClass ?? "STANDARD")
            xml.element("Initiated", S3Date.iso8601(upload.initiated))
            if let alg = upload.checksumAlgorithm { xml.element("ChecksumAlgorithm", alg.uppercased()) }
            if let type = upload.checksumType { xml.element("ChecksumType", type) }
            xml.close("Upload")
        }
        xml.close("ListMultipartUploadsResult")
        return S3XML.response(xml)
    }

    func getObjectAttributes(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        let wanted = Set((r.headers.values("x-amz-object-attributes")).flatMap { $0.split(separator: ",").map { $0.trimmedSpaces() } })
        guard !wanted.isEmpty else {
            throw S3Error.invalidArgument("Invalid attribute name specified.", name: "x-amz-object-attributes", value: "")
        }
        let versionParam = r.param("versionId")
        let info = try storage(bucket: bucket, key: key, versionId: versionParam) {
            try store.head(bucket: bucket, key: key, version: VersionSelector(versionParam))
        }
        _ = try objectKey(r, info)   // an SSE-C object's attributes need its key, as its HEAD does
        var xml = XMLWriter()
        xml.declaration()
        xml.open("GetObjectAttributesResponse", namespace: S3XML.namespace)
        if wanted.contains("ETag") { xml.element("ETag", info.etag) }
        if wanted.contains("Checksum"), !info.metadata.checksums.isEmpty {
            xml.open("Checksum")
            for (name, value) in info.metadata.checksums {
                if let alg = ChecksumAlgorithm(name: name) { xml.element(alg.xmlName, value) }
            }
            if let type = info.metadata.checksumType { xml.element("ChecksumType", type) }
            xml.close("Checksum")
        }
        if wanted.contains("ObjectParts"), !info.partSizes.isEmpty {
            let marker = try intParam(r, "part-number-marker", default: 0, header: "x-amz-part-number-marker")
            let maxParts = min(try intParam(r, "max-parts", default: 1000, header: "x-amz-max-parts"), 1000)
            let numbers = Array((marker + 1)...max(marker + 1, info.partSizes.count)).filter { $0 <= info.partSizes.count }
            let page = numbers.prefix(maxParts)
            xml.open("ObjectParts")
            xml.element("PartsCount", String(info.partSizes.count))
            xml.element("PartNumberMarker", String(marker))
            if let last = page.last { xml.element("NextPartNumberMarker", String(last)) }
            xml.element("MaxParts", String(maxParts))
            xml.element("IsTruncated", numbers.count > maxParts ? "true" : "false")
            for n in page {
                xml.open("Part")
                xml.element("PartNumber", String(n))
                xml.element("Size", String(info.partSizes[n - 1]))
                xml.close("Part")
            }
            xml.close("ObjectParts")
        }
        if wanted.contains("StorageClass") { xml.element("StorageClass", info.metadata.storageClass ?? "STANDARD") }
        if wanted.contains("ObjectSize") { xml.element("ObjectSize", String(info.size)) }
        xml.close("GetObjectAttributesResponse")
        var response = S3XML.response(xml)
        response.headers.add("Last-Modified", S3Date.http(info.lastModified))
        if info.versionId != nil || versionParam != nil { response.headers.add("x-amz-version-id", info.versionIdOrNull) }
        return response
    }

    /// A non-negative integer query parameter (or header), or InvalidArgument.
    func intParam(_ r: S3Request, _ name: String, default value: Int, header: String? = nil) throws -> Int {
        guard let raw = r.param(name) ?? header.flatMap({ r.headers[$0] }) else { return value }
        guard let n = Int(raw), n >= 0 else {
            throw S3Error.invalidArgument("Provided \(name) not an integer or within integer range", name: name, value: raw)
        }
        return n
    }
}

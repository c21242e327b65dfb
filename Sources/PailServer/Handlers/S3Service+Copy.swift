import Foundation
import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    func copyObject(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        let source = try CopySource(r.headers["x-amz-copy-source"] ?? "")
        try ownedBucket(r, source.bucket)
        let content = try openCopySource(source)
        try copyPreconditions(r, content.info)
        let (sourceKey, sse) = (try objectKey(r, content.info, copySource: true), try newObjectKey(r, bucket: bucket))

        let directive = r.headers["x-amz-metadata-directive"]?.uppercased() ?? "COPY"
        guard directive == "COPY" || directive == "REPLACE" else {
            throw S3Error.invalidArgument("Unknown metadata directive.", name: "x-amz-metadata-directive", value: directive)
        }
        var metadata = content.info.metadata
        if directive == "REPLACE" {
            let checksums = metadata.checksums, type = metadata.checksumType
            metadata = try ObjectMetadata.from(r.headers)
            metadata.checksums = checksums
            metadata.checksumType = type
        } else if let storageClass = r.headers["x-amz-storage-class"] {
            metadata.storageClass = storageClass
        }
        metadata.acl = r.access.objectACL
        let taggingDirective = r.headers["x-amz-tagging-directive"]?.uppercased() ?? "COPY"
        guard taggingDirective == "COPY" || taggingDirective == "REPLACE" else {
            throw S3Error.invalidArgument("Unknown tagging directive.", name: "x-amz-tagging-directive", value: taggingDirective)
        }
        let tags = taggingDirective == "REPLACE" ? try requestTags(r) : content.info.tags
        // Copying a version onto its own key is how S3 restores an old version, so only a copy of
        // the current version onto itself with nothing changed is refused.
        if source.bucket == bucket, source.key == key, source.versionId == nil, directive == "COPY",
           r.headers["x-amz-storage-class"] == nil, try EncryptionRequest.from(r.headers) == nil {
            throw S3Error.invalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
        }
        // Object Lock settings are the destination's own (headers or its bucket's default), never
        // the source's.
        metadata.lock = try requestLock(r, bucket: bucket)
        let condition = try writeCondition(r)
        let info = try storage(bucket: bucket, key: key) {
            try copyVersion(content, from: sourceKey, to: sse, bucket: bucket, key: key, metadata: metadata, tags: tags,
                            condition: condition)
        }
        var xml = XMLWriter()
        xml.declaration()
        xml.open("CopyObjectResult", namespace: S3XML.namespace)
        xml.element("LastModified", S3Date.iso8601(info.lastModified))
        xml.element("ETag", S3XML.quoted(info.etag))
        for (name, value) in info.metadata.checksums.sorted(by: { $0.key < $1.key }) {
            if let alg = ChecksumAlgorithm(name: name) { xml.element(alg.xmlName, value) }
        }
        xml.close("CopyObjectResult")
        var response = S3XML.response(xml)
        if let id = info.versionId { response.headers.add("x-amz-version-id", id) }
        sse?.addHeaders(to: &response.headers, context: true)
        if content.info.versionId != nil || source.versionId != nil {
            response.headers.add("x-amz-copy-source-version-id", content.info.versionIdOrNull)
        }
        return response
    }

    /// Opens the copy source. A version id naming a delete marker is 400 (API reference,
    /// UploadPartCopy: "If you specify versionId … and the versionId is a delete marker, Amazon S3
    /// returns an HTTP 400 Bad Request error"); a source whose latest version is one is 404.
    func openCopySource(_ source: CopySource) throws -> ObjectContent {
        do {
            return try store.open(bucket: source.bucket, key: source.key, version: VersionSelector(source.versionId))
        } catch StorageError.isDeleteMarker {
            throw S3Error.invalidRequest("The source of a copy request may not specifically refer to a delete marker by version id.")
        } catch let error as StorageError {
            throw error.s3(bucket: source.bucket, key: source.key, versionId: source.versionId)
        }
    }

    /// `x-amz-copy-source-if-*` (S3 CopyObject): failures are 412 PreconditionFailed, never 304.
    func copyPreconditions(_ r: S3Request, _ info: ObjectInfo) throws {
        let h = r.headers
        let p = Preconditions(ifMatch: h["x-amz-copy-source-if-match"], ifNoneMatch: h["x-amz-copy-source-if-none-match"],
                              ifModifiedSince: h["x-amz-copy-source-if-modified-since"].flatMap(S3Date.parseHTTP),
                              ifUnmodifiedSince: h["x-amz-copy-source-if-unmodified-since"].flatMap(S3Date.parseHTTP))
        try p.evaluate(etag: info.etag, lastModified: info.lastModified, headers: HTTPHeaders(),
                       notModified: .preconditionFailed("x-amz-copy-source-If-None-Match"))
    }
}

/// `x-amz-copy-source: [/]bucket/key[?versionId=…]`, percent-encoded.
struct CopySource {
    var bucket: String
    var key: String
    /// The source version, nil for the current one.
    var versionId: String?

    init(_ header: String) throws {
        var raw = Substring(header)
        if let q = raw.firstIndex(of: "?") {
            let query = raw[raw.index(after: q)...]
            guard query.hasPrefix("versionId=") else {
                throw S3Error.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", name: "x-amz-copy-source", value: header)
            }
            let id = URIEncoding.percentDecode(query.dropFirst(10)) ?? String(query.dropFirst(10))
            guard !id.isEmpty else { throw S3Error.invalidVersionId(id) }
            versionId = id
            raw = raw[..<q]
        }
        if raw.hasPrefix("/") { raw = raw.dropFirst() }
        guard let decoded = URIEncoding.percentDecode(raw), let slash = decoded.firstIndex(of: "/") else {
            throw S3Error.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", name: "x-amz-copy-source", value: header)
        }
        bucket = String(decoded[..<slash])
        key = String(decoded[decoded.index(after: slash)...])
        guard !bucket.isEmpty, !key.isEmpty else {
            throw S3Error.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", name: "x-amz-copy-source", value: header)
        }
    }
}

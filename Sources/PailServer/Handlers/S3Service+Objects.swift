import Foundation
import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    func putObject(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        let condition = try writeCondition(r)
        let heldAtStart = conditionHolds(condition, bucket: bucket, key: key)
        var metadata = try ObjectMetadata.from(r.headers)
        metadata.lock = try requestLock(r, bucket: bucket)
        metadata.acl = r.access.objectACL
        let tags = try requestTags(r)
        let checks = try ChecksumRequest(r)
        let sse = try newObjectKey(r, bucket: bucket)
        let writer = try encrypting(storage(bucket: bucket) { try store.makeWriter(bucket: bucket) }, sse)
        defer { writer.abort() }
        let result = try BodyIngest.run(r, checks: checks) { try writer.write($0) }
        if let alg = result.algorithm, let value = result.checksum {
            metadata.checksums[alg.rawValue] = value
            metadata.checksumType = "FULL_OBJECT"
        }
        var stored: ObjectInfo?
        if let keepOld = r.faults.lostWriteKeepsOld {
            // Fault: acknowledge with the real ETag, keep nothing new (and, unless keepOld, not the old one either).
            if !keepOld { try storage(bucket: bucket, key: key) { try store.delete(bucket: bucket, key: key) } }
        } else {
            if tracksPreviousVersions {
                previousVersions.record(bucket: bucket, key: key, previous: try? store.open(bucket: bucket, key: key))
            }
            stored = try conditionalWrite(condition, heldAtStart: heldAtStart, bucket: bucket, key: key) {
                try writer.commit(key: key, etag: result.etag, metadata: metadata, tags: tags, condition: condition)
            }
        }
        var response = HTTPResponse(status: 200)
        response.headers.add("ETag", S3XML.quoted(result.etag))
        if let id = stored?.versionId { response.headers.add("x-amz-version-id", id) }
        if let stored, let expiration = expirationHeader(stored) { response.headers.add("x-amz-expiration", expiration) }
        sse?.addHeaders(to: &response.headers, context: true)
        if let alg = result.algorithm, let value = result.checksum {
            response.headers.add(alg.headerName, value)
            response.headers.add("x-amz-checksum-type", "FULL_OBJECT")
        }
        return response
    }

    /// `If-None-Match: *` and `If-Match` on writes (S3 conditional writes).
    func writeCondition(_ r: S3Request) throws -> WriteCondition {
        if let none = r.headers["If-None-Match"] {
            guard none.trimmedSpaces() == "*" else {
                throw S3Error.notImplemented("If-None-Match on writes supports only '*'.")
            }
            return .mustNotExist
        }
        if let match = r.headers["If-Match"] { return .etagMatches(ETag.unquote(match)) }
        return .none
    }

    /// Whether an `If-Match` condition holds before the body is read; nil when there is no such
    /// condition. Lets a failure at commit tell a lost race (409) from a plain mismatch (412).
    func conditionHolds(_ condition: WriteCondition, bucket: String, key: String) -> Bool? {
        guard case .etagMatches(let etag) = condition else { return nil }
        return (try? store.head(bucket: bucket, key: key))?.etag == etag
    }

    /// Runs a conditional commit. AWS: "If a conflicting operation occurs during the upload, S3
    /// returns a 409 ConditionalRequestConflict" (User Guide, conditional writes): an `If-Match`
    /// that held when the request began and fails at commit lost a race to another writer.
    func conditionalWrite(_ condition: WriteCondition, heldAtStart: Bool?, bucket: String, key: String,
                          _ commit: () throws -> ObjectInfo) throws -> ObjectInfo {
        do {
            return try commit()
        } catch StorageError.preconditionFailed where heldAtStart == true {
            throw S3Error.conditionalRequestConflict()
        } catch StorageError.noSuchKey where heldAtStart == true {
            throw S3Error.conditionalRequestConflict()
        } catch let error as StorageError {
            throw error.s3(bucket: bucket, key: key)
        }
    }

    func getObject(_ r: S3Request, head: Bool) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        let versionParam = r.param("versionId")
        let version = VersionSelector(versionParam)
        // HEAD needs the record only: opening the object's files would cost two syscalls per request.
        var content: ObjectContent?
        let info: ObjectInfo
        if head && !r.faults.staleRead {
            info = try storage(bucket: bucket, key: key, versionId: versionParam) { try store.head(bucket: bucket, key: key, version: version) }
        } else {
            var opened = try storage(bucket: bucket, key: key, versionId: versionParam) { try store.open(bucket: bucket, key: key, version: version) }
            if r.faults.staleRead, version == .latest, let previous = previousVersions.previous(bucket: bucket, key: key) {
                // Fault: serve what the key held before its last overwrite (absence included).
                guard let old = previous else { throw S3Error.noSuchKey(key) }
                opened = old
            }
            content = opened
            info = opened.info
        }
        var headers = HTTPHeaders()
        headers.add("ETag", S3XML.quoted(info.etag))
        headers.add("Last-Modified", S3Date.http(info.lastModified))
        try Preconditions(r.headers).evaluate(etag: info.etag, lastModified: info.lastModified, headers: headers)
        headers.add("Accept-Ranges", "bytes")
        if info.versionId != nil || versionParam != nil { headers.add("x-amz-version-id", info.versionIdOrNull) }
        if !info.tags.isEmpty { headers.add("x-amz-tagging-count", String(info.tags.count)) }
        if let expiration = expirationHeader(info) { headers.add("x-amz-expiration", expiration) }
        addLockHeaders(info, to: &headers)
        info.metadata.apply(to: &headers)
        let sse = try objectKey(r, info)
        sse?.addHeaders(to: &headers)
        applyResponseOverrides(r, &headers)

        var status = 200
        var start: Int64 = 0, length = info.size
        if let partNumber = try partNumberParam(r) {
            if r.headers["Range"] != nil {
                throw S3Error.invalidRequest("Cannot specify both Range header and partNumber query parameter")
            }
            let range = try partRange(info, partNumber: partNumber)
            (start, length) = range
            headers.add("x-amz-mp-parts-count", String(max(info.partSizes.count, 1)))
            if length > 0 {
                status = 206
                headers.add("Content-Range", "bytes \(start)-\(start + length - 1)/\(info.size)")
            }
        } else if let rangeHeader = r.headers["Range"], let range = try ByteRange.parse(rangeHeader, size: info.size) {
            status = 206
            start = range.start
            length = range.length
            headers.add("Content-Range", "bytes \(start)-\(start + length - 1)/\(info.size)")
        } else if r.headers["x-amz-checksum-mode"]?.uppercased() == "ENABLED" {
            for (name, value) in info.metadata.checksums.sorted(by: { $0.key < $1.key }) {
                if let alg = ChecksumAlgorithm(name: name) { headers.add(alg.headerName, value) }
            }
            if let type = info.metadata.checksumType { headers.add("x-amz-checksum-type", type) }
        }
        headers.add("Content-Length", String(length))
        var response = HTTPResponse(status: status, headers: headers)
        guard !head, length > 0, let content else {
            response.body = .empty
            if head { response.omitBody = true }
            if length == 0 { response.headers.remove("Content-Length"); response.headers.add("Content-Length", "0") }
            return response
        }
        if let sse { response.body = try sse.body(content, from: start, length: length); return response }
        let segments = content.segments(from: start, length: length)
        response.body = .stream(length: length) { writer in
            // `content` owns the segments' file descriptors: keep it alive until the last byte is sent.
            try withExtendedLifetime(content) {
                for segment in segments {
                    if let bytes = segment.bytes {
                        // A small object kept in the index: already in memory.
                        try bytes.withUnsafeBytes { all in
                            try writer.write(UnsafeRawBufferPointer(rebasing: all[Int(segment.offset)..<Int(segment.offset + segment.length)]))
                        }
                    } else {
                        try writer.sendFile(fd: segment.fd, offset: segment.offset, count: segment.length)
                    }
                }
            }
        }
        return response
    }

    /// `response-*` query parameters replace the matching response headers (the first occurrence of
    /// each counts). One pass over the query: six lookups cost 4,500 instructions a GET (callgrind).
    private func applyResponseOverrides(_ r: S3Request, _ headers: inout HTTPHeaders) {
        var seen = Set<String>()
        for (name, value) in r.query where name.utf8.count > 9 && name.hasPrefix("response-") {
            guard let header = Self.responseOverrides[name], seen.insert(name).inserted else { continue }
            headers.set(header, value)
        }
    }

    private static let responseOverrides = [
        "response-content-type": "Content-Type", "response-content-language": "Content-Language",
        "response-expires": "Expires", "response-cache-control": "Cache-Control",
        "response-content-disposition": "Content-Disposition", "response-content-encoding": "Content-Encoding",
    ]

    func partNumberParam(_ r: S3Request) throws -> Int? {
        guard let raw = r.param("partNumber") else { return nil }
        guard let n = Int(raw), n >= 1, n <= 10000 else {
            throw S3Error.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", name: "partNumber", value: raw)
        }
        return n
    }

    /// The byte range of part `n` of an object (a single-PUT object is one part).
    private func partRange(_ info: ObjectInfo, partNumber n: Int) throws -> (Int64, Int64) {
        let sizes = info.partSizes.isEmpty ? [info.size] : info.partSizes
        guard n <= sizes.count else {
            // What AWS answers for a part past the object's last (416, InvalidPartNumber).
            throw S3Error("InvalidPartNumber", 416, "The requested partnumber is not satisfiable")
                .with("PartNumberRequested", String(n)).with("ActualPartCount", String(sizes.count))
        }
        let start = sizes[0..<(n - 1)].reduce(0, +)
        return (start, sizes[n - 1])
    }

    /// DeleteObject, with `versionId` and `If-Match` (conditional deletes, AWS 2025: 412 on a
    /// mismatch, 404 NoSuchKey when there is no object to match).
    func deleteObject(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        let bucketInfo = try ownedBucket(r, bucket)
        let versionParam = r.param("versionId")
        let request = DeleteRequest(key: key, version: VersionSelector(versionParam),
                                    ifMatch: r.headers["If-Match"].map(ETag.unquote),
                                    bypassGovernance: bypassesGovernance(r, bucket: bucketInfo))
        let outcome = try storage(bucket: bucket, key: key, versionId: versionParam) {
            try store.delete(bucket: bucket, [request])[0].get()
        }
        var response = HTTPResponse(status: 204)
        if outcome.deleteMarker { response.headers.add("x-amz-delete-marker", "true") }
        if outcome.versionId != nil || outcome.createdMarker || versionParam != nil {
            response.headers.add("x-amz-version-id", outcome.versionId ?? versionParam ?? "null")
        }
        return response
    }
}

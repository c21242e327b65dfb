import Foundation

/// An unfinished multipart upload.
public struct UploadInfo: Sendable, Equatable {
    public var bucket: String
    public var key: String
    public var uploadId: String
    public var initiated: Date
    /// Metadata given at CreateMultipartUpload; becomes the object's metadata on completion.
    public var metadata: ObjectMetadata
    /// `x-amz-checksum-algorithm` given at creation (`crc32`, ...), or nil.
    public var checksumAlgorithm: String?
    /// `FULL_OBJECT` or `COMPOSITE`, or nil.
    public var checksumType: String?
    public var owner: String
    /// Tags given at CreateMultipartUpload (`x-amz-tagging`); become the object's tags.
    public var tags: [ObjectTag]

    public init(bucket: String, key: String, uploadId: String, initiated: Date, metadata: ObjectMetadata,
                checksumAlgorithm: String?, checksumType: String?, owner: String, tags: [ObjectTag] = []) {
        self.bucket = bucket; self.key = key; self.uploadId = uploadId; self.initiated = initiated
        self.metadata = metadata; self.checksumAlgorithm = checksumAlgorithm; self.checksumType = checksumType
        self.owner = owner; self.tags = tags
    }
}

/// One uploaded part.
public struct PartInfo: Sendable, Equatable {
    public var partNumber: Int
    public var size: Int64
    /// Unquoted hex MD5 of the part.
    public var etag: String
    public var lastModified: Date
    /// The part's checksum (base64) under the upload's algorithm, if one was sent or computed.
    public var checksum: String?

    public init(partNumber: Int, size: Int64, etag: String, lastModified: Date, checksum: String?) {
        self.partNumber = partNumber; self.size = size; self.etag = etag
        self.lastModified = lastModified; self.checksum = checksum
    }
}

/// Multipart uploads. Same threading and durability contract as `ObjectStore`.
public protocol MultipartStore: AnyObject, Sendable {
    /// Records a new upload and returns its id. Throws `.noSuchBucket`.
    func createUpload(bucket: String, key: String, metadata: ObjectMetadata, checksumAlgorithm: String?,
                      checksumType: String?, owner: String, tags: [ObjectTag]) throws -> UploadInfo

    /// The upload's record. Throws `.noSuchUpload` (also when it belongs to another bucket).
    func upload(bucket: String, uploadId: String) throws -> UploadInfo

    /// A writer for one part; its `commitPart` replaces any earlier part with that number.
    /// Throws `.noSuchUpload`.
    func makePartWriter(bucket: String, uploadId: String, partNumber: Int) throws -> PartWriter

    /// Parts with number > `after`, ascending, at most `max`. Throws `.noSuchUpload`.
    func listParts(bucket: String, uploadId: String, after: Int, max: Int) throws -> [PartInfo]

    /// Uploads in (key, initiated, uploadId) order, after the (keyMarker, uploadIdMarker) position,
    /// with keys starting with `prefix`, at most `max`. Throws `.noSuchBucket`.
    func listUploads(bucket: String, prefix: String, keyMarker: String?, uploadIdMarker: String?, max: Int) throws -> [UploadInfo]

    /// Publishes the chosen parts, in the order given, as the new current version of `key`, without
    /// copying their bytes, and removes the upload and its unchosen parts; the upload is remembered
    /// as completed (`completedUpload`). The caller has validated the list and computed `etag`.
    /// Throws `.noSuchUpload`, `.preconditionFailed`, `.noSuchKey` (If-Match on a missing key).
    func completeUpload(bucket: String, uploadId: String, partNumbers: [Int], etag: String,
                        metadata: ObjectMetadata, condition: WriteCondition) throws -> ObjectInfo

    /// The object a completed upload of `bucket` made (key, ETag, version id, checksums), or nil:
    /// lets a CompleteMultipartUpload retried after a lost response answer as the first did.
    func completedUpload(bucket: String, uploadId: String) throws -> ObjectInfo?

    /// Removes the upload and all its parts. Throws `.noSuchUpload`.
    func abortUpload(bucket: String, uploadId: String) throws

    /// Aborts every upload initiated before `date`; returns how many.
    func abortUploads(initiatedBefore date: Date) throws -> Int
}

/// Receives one part's bytes.
public protocol PartWriter: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    var bytesWritten: Int64 { get }
    /// Makes the part durable and records it. Throws `.noSuchUpload` if the upload was completed or
    /// aborted meanwhile.
    func commitPart(etag: String, checksum: String?) throws -> PartInfo
    /// `commitPart` for bytes that encode the part (encrypted): the part is recorded as `size`
    /// bytes, while its file keeps the length written.
    func commitPart(etag: String, checksum: String?, size: Int64) throws -> PartInfo
    func abort()
}

extension MultipartStore {
    /// `createUpload` without tags.
    public func createUpload(bucket: String, key: String, metadata: ObjectMetadata, checksumAlgorithm: String?,
                             checksumType: String?, owner: String) throws -> UploadInfo {
        try createUpload(bucket: bucket, key: key, metadata: metadata, checksumAlgorithm: checksumAlgorithm,
                         checksumType: checksumType, owner: owner, tags: [])
    }
}

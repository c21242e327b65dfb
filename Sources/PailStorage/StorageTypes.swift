import Foundation
import PailS3

/// A bucket as the index records it.
public struct BucketInfo: Sendable, Equatable {
    public var name: String
    public var created: Date
    /// Owner id (access key of the creating user's account).
    public var owner: String
    public var region: String
    /// Nil until versioning is first enabled; afterwards `.enabled` or `.suspended` (a bucket never
    /// returns to unversioned, as S3 documents).
    public var versioning: VersioningState?

    public init(name: String, created: Date, owner: String, region: String, versioning: VersioningState? = nil) {
        self.name = name; self.created = created; self.owner = owner; self.region = region
        self.versioning = versioning
    }
}

/// A bucket's versioning status as S3 spells it.
public typealias VersioningState = VersioningStatus

/// One object tag: the wire model's tag, stored as is.
public typealias ObjectTag = Tag

/// Headers S3 stores with an object and returns on GET/HEAD.
public struct ObjectMetadata: Sendable, Equatable, Codable {
    public var contentType: String?
    public var contentEncoding: String?
    public var contentDisposition: String?
    public var contentLanguage: String?
    public var cacheControl: String?
    public var expires: String?
    /// `x-amz-meta-*` without the prefix, names lower-cased, in the order received.
    public var user: [UserMetadataEntry]
    /// Checksums by algorithm name as S3 spells it in headers (`crc32`, `crc32c`, `crc64nvme`, `sha1`,
    /// `sha256`), values base64 as sent on the wire (composite ones end `-N`).
    public var checksums: [String: String]
    /// `FULL_OBJECT` or `COMPOSITE`, nil when no checksum is stored.
    public var checksumType: String?
    public var storageClass: String?
    /// Object Lock retention and legal hold of this version; nil when it never had either.
    public var lock: ObjectLockState?
    /// How the object is encrypted at rest; nil for plaintext. Never rendered as headers as is.
    public var encryption: ObjectEncryption? = nil
    /// The version's ACL when it is not the default (owned by the bucket owner, who alone has
    /// FULL_CONTROL): an object written by another user, or with a canned ACL or grants. Kept with
    /// the version, never sent as a header.
    public var acl: AccessControlList?

    public init(contentType: String? = nil, contentEncoding: String? = nil, contentDisposition: String? = nil,
                contentLanguage: String? = nil, cacheControl: String? = nil, expires: String? = nil,
                user: [UserMetadataEntry] = [], checksums: [String: String] = [:], checksumType: String? = nil,
                storageClass: String? = nil, lock: ObjectLockState? = nil, acl: AccessControlList? = nil) {
        self.contentType = contentType; self.contentEncoding = contentEncoding
        self.contentDisposition = contentDisposition; self.contentLanguage = contentLanguage
        self.cacheControl = cacheControl; self.expires = expires; self.user = user
        self.checksums = checksums; self.checksumType = checksumType; self.storageClass = storageClass
        self.lock = lock
        self.acl = acl
    }
}

public struct UserMetadataEntry: Sendable, Equatable, Codable {
    public var name: String
    public var value: String
    public init(name: String, value: String) { self.name = name; self.value = value }
}

/// One object as the index records it.
public struct ObjectInfo: Sendable, Equatable {
    public var bucket: String
    public var key: String
    public var size: Int64
    /// The ETag without quotes: hex MD5, or `hex-N` for multipart objects.
    public var etag: String
    public var lastModified: Date
    public var metadata: ObjectMetadata
    /// Part sizes for multipart objects (empty for single PUTs), for `partNumber` reads.
    public var partSizes: [Int64]
    /// The version id, nil for the `null` version (objects written while versioning was never
    /// enabled or was suspended).
    public var versionId: String?
    /// A delete marker: a version with no bytes that hides the key.
    public var isDeleteMarker: Bool
    /// The key's newest version (set on every record; false only in version listings and reads
    /// of a noncurrent version).
    public var isLatest: Bool
    /// The object's tags, in the order set.
    public var tags: [ObjectTag]

    public init(bucket: String, key: String, size: Int64, etag: String, lastModified: Date,
                metadata: ObjectMetadata, partSizes: [Int64] = [], versionId: String? = nil,
                isDeleteMarker: Bool = false, isLatest: Bool = true, tags: [ObjectTag] = []) {
        self.bucket = bucket; self.key = key; self.size = size; self.etag = etag
        self.lastModified = lastModified; self.metadata = metadata; self.partSizes = partSizes
        self.versionId = versionId; self.isDeleteMarker = isDeleteMarker; self.isLatest = isLatest
        self.tags = tags
    }

    /// The version id as S3 shows it: `null` for the null version.
    public var versionIdOrNull: String { versionId ?? "null" }
}

/// Which version of a key an operation means.
public enum VersionSelector: Sendable, Equatable {
    /// The current version (a delete marker counts as the key being absent).
    case latest
    /// The `null` version.
    case null
    /// The version with this id.
    case id(String)

    /// Reads a `versionId` parameter: nil or absent means latest, `null` the null version.
    public init(_ parameter: String?) {
        switch parameter {
        case nil: self = .latest
        case "null": self = .null
        case let id?: self = .id(id)
        }
    }
}

/// What a delete did.
public struct DeleteOutcome: Sendable, Equatable {
    /// The version removed, or the id of the delete marker created.
    public var versionId: String?
    /// True when a delete marker was created, or the version removed was a delete marker.
    public var deleteMarker: Bool
    /// True when the delete created a marker (rather than removing a version).
    public var createdMarker: Bool

    public init(versionId: String?, deleteMarker: Bool, createdMarker: Bool) {
        self.versionId = versionId; self.deleteMarker = deleteMarker; self.createdMarker = createdMarker
    }
}

/// One entry of a DeleteObjects batch.
public struct DeleteRequest: Sendable, Equatable {
    public var key: String
    public var version: VersionSelector
    /// Delete only if the current version has this ETag (unquoted); `If-Match` on DeleteObject.
    public var ifMatch: String?
    /// `x-amz-bypass-governance-retention`, from a caller allowed to use it.
    public var bypassGovernance: Bool
    public init(key: String, version: VersionSelector = .latest, ifMatch: String? = nil, bypassGovernance: Bool = false) {
        self.key = key; self.version = version; self.ifMatch = ifMatch; self.bypassGovernance = bypassGovernance
    }
}

/// A page of ListObjectVersions: versions and delete markers, by key, newest first within a key.
public struct VersionListPage: Sendable, Equatable {
    public var versions: [ObjectInfo]
    public var commonPrefixes: [String]
    public var isTruncated: Bool
    public var nextKeyMarker: String?
    /// `null` for the null version.
    public var nextVersionIdMarker: String?

    public init(versions: [ObjectInfo], commonPrefixes: [String], isTruncated: Bool,
                nextKeyMarker: String?, nextVersionIdMarker: String?) {
        self.versions = versions; self.commonPrefixes = commonPrefixes; self.isTruncated = isTruncated
        self.nextKeyMarker = nextKeyMarker; self.nextVersionIdMarker = nextVersionIdMarker
    }
}

/// What must hold at commit time for a write to succeed. Checked atomically with the write.
public enum WriteCondition: Sendable, Equatable {
    case none
    /// `If-None-Match: *`: the key must not exist.
    case mustNotExist
    /// `If-Match: "etag"`: the key must exist with this ETag (unquoted).
    case etagMatches(String)
}

/// A listing page.
public struct ListPage: Sendable, Equatable {
    public var objects: [ObjectInfo]
    public var commonPrefixes: [String]
    public var isTruncated: Bool
    /// The last key or common prefix returned, from which the next page continues (exclusive).
    public var nextMarker: String?

    public init(objects: [ObjectInfo], commonPrefixes: [String], isTruncated: Bool, nextMarker: String?) {
        self.objects = objects; self.commonPrefixes = commonPrefixes
        self.isTruncated = isTruncated; self.nextMarker = nextMarker
    }
}

/// An open object: its index record and its bytes as open files (or, for a small object kept in
/// the index, in memory), stable against concurrent overwrite or delete (the files stay readable
/// while this value lives).
public final class ObjectContent: Sendable {
    public let info: ObjectInfo
    /// The object's bytes are the concatenation of these segments.
    public let segments: [Segment]

    /// A byte range of one open file, or of bytes in memory.
    public struct Segment: Sendable {
        /// The file, or -1 when the bytes are in memory (`bytes`).
        public let fd: Int32
        /// Where the range starts in the file, or in `bytes`.
        public let offset: Int64
        public let length: Int64
        /// The whole in-memory source for a small object kept in the index; nil for a file.
        public let bytes: [UInt8]?

        public init(fd: Int32, offset: Int64, length: Int64) {
            self.fd = fd; self.offset = offset; self.length = length; self.bytes = nil
        }

        public init(bytes: [UInt8], offset: Int64, length: Int64) {
            self.fd = -1; self.offset = offset; self.length = length; self.bytes = bytes
        }

        /// The same source, `from` bytes further in and `length` long.
        func slice(from: Int64, length: Int64) -> Segment {
            if let bytes { return Segment(bytes: bytes, offset: offset + from, length: length) }
            return Segment(fd: fd, offset: offset + from, length: length)
        }

        /// Copies up to `buffer.count` bytes starting `position` bytes into the segment: `pread` for a
        /// file, a copy for memory. Returns the count (0 at the segment's end), or -1 with `errno` set
        /// when the read fails (EINTR included: callers retry).
        public func read(into buffer: UnsafeMutableRawBufferPointer, at position: Int64) -> Int {
            let count = Int(max(0, min(Int64(buffer.count), length - position)))
            guard count > 0 else { return 0 }
            guard let bytes else { return pread(fd, buffer.baseAddress, count, off_t(offset + position)) }
            bytes.withUnsafeBytes { source in
                let from = Int(offset + position)
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + from, byteCount: count)
            }
            return count
        }
    }

    private let fds: [Int32]

    /// Takes ownership of `fds`, closed on deinit.
    public init(info: ObjectInfo, segments: [Segment], owning fds: [Int32]) {
        self.info = info; self.segments = segments; self.fds = fds
    }

    deinit { for fd in fds { close(fd) } }

    /// Passes the bytes of `segments` to `sink` in order, read `chunkSize` at a time (for copies, and
    /// for bodies that must be in hand rather than sent with `sendfile`). Throws `StorageError.io`
    /// when a read fails or a file ends before its segment does; rethrows what `sink` throws.
    public static func copy(_ segments: [Segment], chunkSize: Int = 256 * 1024,
                            to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        for segment in segments {
            var position: Int64 = 0
            while position < segment.length {
                let n = segment.read(into: buffer, at: position)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StorageError.io("read source: \(String(cString: strerror(errno)))")
                }
                if n == 0 { throw StorageError.io("read source: file shorter than its record") }
                try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                position += Int64(n)
            }
        }
    }

    /// The segments covering `[start, start+length)` of the object.
    public func segments(from start: Int64, length: Int64) -> [Segment] {
        var out: [Segment] = []
        var pos: Int64 = 0
        let end = start + length
        for s in segments {
            let sEnd = pos + s.length
            if sEnd > start && pos < end {
                let from = max(start, pos), to = min(end, sEnd)
                out.append(s.slice(from: from - pos, length: to - from))
            }
            pos = sEnd
            if pos >= end { break }
        }
        return out
    }
}

/// Errors of the storage layer; the S3 layer maps each to its S3 error.
public enum StorageError: Error, Equatable {
    case noSuchBucket
    case bucketAlreadyExists(owner: String)
    case bucketNotEmpty
    case noSuchKey
    /// A version id that names no version of the key.
    case noSuchVersion
    /// The version is a delete marker, which has no bytes or tags (405 MethodNotAllowed in S3);
    /// carries its record.
    case isDeleteMarker(ObjectInfo)
    /// The latest version of the key is a delete marker (404 NoSuchKey with `x-amz-delete-marker`).
    case latestIsDeleteMarker(versionId: String?)
    /// A version id that this store could never have issued (400 InvalidArgument).
    case invalidVersionId
    /// Object Lock protects the version (retention or legal hold): it may not be deleted or have
    /// its retention shortened.
    case objectLocked
    case noSuchUpload
    case preconditionFailed
    /// The data directory's file system has no room for a write (ENOSPC, EDQUOT, SQLITE_FULL).
    /// Nothing was acknowledged; the same request succeeds once space is freed.
    case outOfSpace(String)
    /// The process has no file descriptor left to open a file or index connection (EMFILE,
    /// ENFILE). Transient: the same request succeeds once connections close.
    case outOfDescriptors(String)
    case io(String)
    case database(String)
}

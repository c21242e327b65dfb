import Foundation
import PailS3

/// Durable storage of buckets and objects. Every method is safe to call from many threads at once and
/// blocks the calling thread (callers are connection threads, never the Swift concurrency pool).
///
/// The contract (each implementation runs `ObjectStoreContractTests`):
/// - An acknowledged write (a `commit` that returned) survives a crash of the process at any moment.
/// - A reader sees the old object or the new one, never a mix; an `ObjectContent` already opened keeps
///   reading the bytes it opened even if the key is overwritten or deleted meanwhile.
/// - Keys are opaque byte strings up to 1024 bytes; `../`, `//`, NUL-free odd bytes and very long keys
///   never become file-system paths.
public protocol ObjectStore: AnyObject, Sendable {
    /// Creates a bucket. Throws `.bucketAlreadyExists(owner:)` if the name is taken (by anyone; the
    /// caller decides between BucketAlreadyOwnedByYou and BucketAlreadyExists).
    func createBucket(_ name: String, owner: String, region: String) throws

    /// Deletes an empty bucket. Throws `.noSuchBucket`, or `.bucketNotEmpty` when it holds objects or
    /// unfinished multipart uploads.
    func deleteBucket(_ name: String) throws

    /// The bucket's record. Throws `.noSuchBucket`.
    func bucket(_ name: String) throws -> BucketInfo

    /// All buckets sorted by name.
    func listBuckets() throws -> [BucketInfo]

    /// Starts a new object write into `bucket`. Throws `.noSuchBucket`. The returned writer takes the
    /// bytes; nothing is visible until `commit`.
    func makeWriter(bucket: String) throws -> ObjectWriter

    /// Turns versioning on or suspends it (S3 never lets a bucket go back to unversioned).
    /// Throws `.noSuchBucket`.
    func setVersioning(_ bucket: String, _ state: VersioningState) throws

    /// The record of one version of `key`. Throws `.noSuchBucket`; `.noSuchKey` when the key has
    /// no object; `.latestIsDeleteMarker` when its current version is a delete marker;
    /// `.noSuchVersion` when the version does not exist; `.isDeleteMarker` when the version named
    /// is a delete marker; `.invalidVersionId` for an id this store never issues.
    func head(bucket: String, key: String, version: VersionSelector) throws -> ObjectInfo

    /// Opens one version of `key` for reading. Throws as `head`.
    func open(bucket: String, key: String, version: VersionSelector) throws -> ObjectContent

    /// Deletes in one index transaction, each request as S3's DeleteObject does: without a version
    /// id a never-versioned bucket removes the object and a versioned one adds a delete marker; with
    /// one, that version is removed for good (a missing version is a success). Returns per request,
    /// in order, what happened or why not (`.preconditionFailed`, `.noSuchKey` for an `ifMatch` on
    /// a key without object, `.invalidVersionId`). Throws `.noSuchBucket`.
    func delete(bucket: String, _ requests: [DeleteRequest]) throws -> [Result<DeleteOutcome, StorageError>]

    /// Versions and delete markers in key order, newest first within a key, after the
    /// (keyMarker, versionIdMarker) position (without a version marker: after every version of
    /// keyMarker), with keys starting with `prefix`, rolled up by `delimiter` as `list` does.
    /// Throws `.noSuchBucket`.
    func listVersions(bucket: String, prefix: String, delimiter: String?, keyMarker: String?,
                      versionIdMarker: String?, maxKeys: Int) throws -> VersionListPage

    /// Changes one version's Object Lock state: `change` receives the state and the commit's time
    /// and returns the new state, or throws (e.g. `.objectLocked`) to change nothing. Throws as `head`.
    func changeLock(bucket: String, key: String, version: VersionSelector,
                    _ change: @escaping (ObjectLockState?, Date) throws -> ObjectLockState?) throws -> ObjectInfo

    /// Replaces the tags of one version and returns its record. Throws as `head`.
    func setTags(bucket: String, key: String, version: VersionSelector, tags: [ObjectTag]) throws -> ObjectInfo

    /// Replaces the ACL of one version (nil: the default ACL) and returns its record. Throws as `head`.
    func setACL(bucket: String, key: String, version: VersionSelector, acl: AccessControlList?) throws -> ObjectInfo

    /// A bucket setting's bytes (tagging, lifecycle, ...), nil when unset. Throws `.noSuchBucket`.
    func bucketSetting(_ bucket: String, _ name: String) throws -> [UInt8]?

    /// Sets, or with nil removes, a bucket setting. Throws `.noSuchBucket`.
    func setBucketSetting(_ bucket: String, _ name: String, _ value: [UInt8]?) throws

    /// Names of the buckets that have the setting `name`.
    func buckets(withSetting name: String) throws -> [String]

    /// Keys in byte order of their UTF-8, strictly after `after` (nil = from the start), starting with
    /// `prefix`. With a `delimiter`, keys that contain it after the prefix are rolled up into common
    /// prefixes (each counted once towards `maxKeys`). Throws `.noSuchBucket`.
    func list(bucket: String, prefix: String, delimiter: String?, after: String?, maxKeys: Int) throws -> ListPage

    /// Makes `key` in `destBucket` a copy of `source` with `metadata` and `tags`, sharing or copying
    /// its bytes, as a new version under the destination bucket's versioning. Throws `.noSuchBucket`.
    func copy(source: ObjectContent, destBucket: String, destKey: String, metadata: ObjectMetadata,
              tags: [ObjectTag], condition: WriteCondition) throws -> ObjectInfo
}

extension ObjectStore {
    /// The current version's record.
    public func head(bucket: String, key: String) throws -> ObjectInfo {
        try head(bucket: bucket, key: key, version: .latest)
    }

    /// Opens the current version.
    public func open(bucket: String, key: String) throws -> ObjectContent {
        try open(bucket: bucket, key: key, version: .latest)
    }

    /// Deletes `key` as DeleteObject without a version id does. Throws `.noSuchBucket`.
    @discardableResult
    public func delete(bucket: String, key: String) throws -> DeleteOutcome {
        let outcome = try delete(bucket: bucket, [DeleteRequest(key: key)])
        return try outcome[0].get()
    }

    /// Deletes many keys (no version ids); per key, nil for success or the error.
    public func delete(bucket: String, keys: [String]) throws -> [StorageError?] {
        try delete(bucket: bucket, keys.map { DeleteRequest(key: $0) }).map {
            if case .failure(let error) = $0 { return error }
            return nil
        }
    }

    public func copy(source: ObjectContent, destBucket: String, destKey: String, metadata: ObjectMetadata,
                     condition: WriteCondition) throws -> ObjectInfo {
        try copy(source: source, destBucket: destBucket, destKey: destKey, metadata: metadata,
                 tags: source.info.tags, condition: condition)
    }
}

/// Receives an object's bytes, then commits them under a key or is discarded.
public protocol ObjectWriter: AnyObject {
    /// Appends bytes. Throws `.io` on disk errors.
    func write(_ bytes: UnsafeRawBufferPointer) throws

    /// Bytes written so far.
    var bytesWritten: Int64 { get }

    /// Makes the bytes durable and publishes them as the new current version of `key` (replacing
    /// the previous object in a never-versioned bucket), if `condition` holds at that moment (else
    /// `.preconditionFailed`, or `.noSuchKey` for `If-Match` on a key without object, and nothing
    /// changes). Returns the record as stored, with its version id. Throws `.noSuchBucket` if the
    /// bucket was deleted meanwhile.
    func commit(key: String, etag: String, metadata: ObjectMetadata, tags: [ObjectTag],
                condition: WriteCondition) throws -> ObjectInfo

    /// `commit` for bytes that encode the object rather than being it (encrypted objects): the
    /// record says the object is `size` bytes in parts of `partSizes` (empty: one part), while the
    /// stored bytes keep the length written.
    func commit(key: String, etag: String, metadata: ObjectMetadata, tags: [ObjectTag], size: Int64,
                partSizes: [Int64], condition: WriteCondition) throws -> ObjectInfo

    /// Discards the bytes. Safe to call more than once and after a failed commit; deinit aborts too.
    func abort()
}

extension ObjectWriter {
    /// `commit` without tags.
    public func commit(key: String, etag: String, metadata: ObjectMetadata, condition: WriteCondition) throws -> ObjectInfo {
        try commit(key: key, etag: etag, metadata: metadata, tags: [], condition: condition)
    }
}

import Foundation

/// Durable storage of buckets and objects. Every method is safe to call from many threads at once and
/// blocks the calling thread (callers are connection threads, never the Swift concurrency pool).
///
/// The contract (each implementation runs `ObjectStoreContractTests`):
/// - An acknowledged write (a `commit` that returned) survives a crash of the process at any moment.
/// - A reader sees the old object or the new one, never a mix; an `ObjectContent` already opened keeps
///   reading the bytes it opened even if the key is overwritten or deleted meanwhile.
/// - Keys are opaque byte strings up to 1024 bytes; `../`, `//`, NUL-free odd bytes and very long keys
///   never become file-system paths.
public protocol ObjectStore: AnyObject {
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

    /// The record of `key`. Throws `.noSuchBucket` or `.noSuchKey`.
    func head(bucket: String, key: String) throws -> ObjectInfo

    /// Opens `key` for reading. Throws `.noSuchBucket` or `.noSuchKey`.
    func open(bucket: String, key: String) throws -> ObjectContent

    /// Deletes `key`. Succeeds when the key does not exist (as S3 does). Throws `.noSuchBucket`.
    func delete(bucket: String, key: String) throws

    /// Deletes many keys in one index transaction; missing keys count as deleted.
    /// Returns, per key in order, nil for success or the error. Throws `.noSuchBucket`.
    func delete(bucket: String, keys: [String]) throws -> [StorageError?]

    /// Keys in byte order of their UTF-8, strictly after `after` (nil = from the start), starting with
    /// `prefix`. With a `delimiter`, keys that contain it after the prefix are rolled up into common
    /// prefixes (each counted once towards `maxKeys`). Throws `.noSuchBucket`.
    func list(bucket: String, prefix: String, delimiter: String?, after: String?, maxKeys: Int) throws -> ListPage

    /// Makes `key` in `destBucket` a copy of `source` with `metadata`, sharing or copying its bytes.
    /// Throws `.noSuchBucket`, `.noSuchKey`.
    func copy(source: ObjectContent, destBucket: String, destKey: String, metadata: ObjectMetadata, condition: WriteCondition) throws -> ObjectInfo
}

/// Receives an object's bytes, then commits them under a key or is discarded.
public protocol ObjectWriter: AnyObject {
    /// Appends bytes. Throws `.io` on disk errors.
    func write(_ bytes: UnsafeRawBufferPointer) throws

    /// Bytes written so far.
    var bytesWritten: Int64 { get }

    /// Makes the bytes durable and publishes them as `key`, replacing any previous object, if
    /// `condition` holds at that moment (else `.preconditionFailed` and nothing changes). Returns the
    /// record as stored. Throws `.noSuchBucket` if the bucket was deleted meanwhile.
    func commit(key: String, etag: String, metadata: ObjectMetadata, condition: WriteCondition) throws -> ObjectInfo

    /// Discards the bytes. Safe to call more than once and after a failed commit; deinit aborts too.
    func abort()
}

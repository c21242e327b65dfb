import Foundation

extension DiskObjectStore {
    /// Changes one version's Object Lock state inside a commit: `change` gets the current state and
    /// the commit's time and returns the new one (or throws to refuse, changing nothing). Throws as
    /// `head` for a missing version or a delete marker.
    public func changeLock(bucket: String, key: String, version: VersionSelector,
                           _ change: @escaping (ObjectLockState?, Date) throws -> ObjectLockState?) throws -> ObjectInfo {
        try updateVersion(bucket: bucket, key: key, version: version, column: "metadata") { row, now in
            row.info.metadata.lock = try change(row.info.metadata.lock, now)
            return try MetadataCoding.encode(row.info.metadata)
        }
    }
}

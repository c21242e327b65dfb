import Foundation
import PailS3

extension DiskObjectStore {
    /// Replaces the ACL of one version, inside its stored metadata (PutObjectAcl). Throws
    /// `.noSuchKey`, `.noSuchVersion`, or `.isDeleteMarker` (a marker has no ACL). Returns the record
    /// with its new ACL.
    public func setACL(bucket: String, key: String, version: VersionSelector, acl: AccessControlList?) throws -> ObjectInfo {
        try updateVersion(bucket: bucket, key: key, version: version, column: "metadata") { row, _ in
            row.info.metadata.acl = acl
            return try MetadataCoding.encode(row.info.metadata)
        }
    }
}

import Foundation
import PailS3

extension DiskObjectStore {
    /// Replaces the ACL of one version, inside its stored metadata (PutObjectAcl). Throws
    /// `.noSuchKey`, `.noSuchVersion`, or `.isDeleteMarker` (a marker has no ACL). Returns the record
    /// with its new ACL.
    public func setACL(bucket: String, key: String, version: VersionSelector, acl: AccessControlList?) throws -> ObjectInfo {
        try committer.submit { ctx in
            guard try BucketRow.exists(ctx.db, bucket) else { throw StorageError.noSuchBucket }
            if case .id(let id) = version, VersionID.sequence(of: id) == nil { throw StorageError.invalidVersionId }
            guard var row = try ObjectRow.find(ctx.db, bucket: bucket, key: key, version: version),
                  !(version == .latest && row.info.isDeleteMarker) else {
                throw version == .latest ? StorageError.noSuchKey : StorageError.noSuchVersion
            }
            if row.info.isDeleteMarker { throw StorageError.isDeleteMarker(row.info) }
            row.info.metadata.acl = acl
            let sql = row.info.isLatest
                ? "UPDATE objects SET metadata = ?3 WHERE bucket = ?1 AND key = ?2"
                : "UPDATE versions SET metadata = ?3 WHERE bucket = ?1 AND key = ?2 AND seq = ?4"
            try ctx.db.with(sql) { s in
                s.bind(1, bucket); s.bind(2, key); s.bind(3, try MetadataCoding.encode(row.info.metadata))
                if !row.info.isLatest { s.bind(4, row.seq) }
                try s.step()
            }
            return row.info
        }
    }
}

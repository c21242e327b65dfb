import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Applies what an `IndexScan` and a `FileScan` found, in the order that never loses a complete
/// object: first one index transaction (drop damaged rows, promote the newest intact noncurrent
/// version where a current one went, drop broken part rows), then the files that the committed
/// index no longer references. Returns one line per change.
struct StoreRepair {
    let db: Database
    let root: String

    /// Drops damaged rows and broken parts, and gives every key with noncurrent versions a current
    /// one again, in one transaction.
    func fixRows(_ scan: IndexScan) throws -> [String] {
        var actions: [String] = []
        try db.execute("BEGIN IMMEDIATE")
        do {
            // Noncurrent rows first, so that a promotion below never brings a damaged one back.
            let ordered = scan.damaged.sorted { a, b in
                (a.key.table == .noncurrent ? 0 : 1, a.key.bucket, a.key.key, a.key.seq)
                    < (b.key.table == .noncurrent ? 0 : 1, b.key.bucket, b.key.key, b.key.seq)
            }
            for (ref, reason) in ordered {
                let versionId = try versionId(ref)
                try db.with(ref.table == .current
                            ? "DELETE FROM objects WHERE bucket = ?1 AND key = ?2"
                            : "DELETE FROM versions WHERE bucket = ?1 AND key = ?2 AND seq = ?3") { s in
                    s.bind(1, ref.bucket); s.bind(2, ref.key)
                    if ref.table == .noncurrent { s.bind(3, ref.seq) }
                    try s.step()
                }
                var line = "dropped \(ref.table == .current ? "current" : "noncurrent") version \(versionId) of \(ref.bucket)/\(ref.key) (\(reason))"
                if ref.table == .current { line += "; " + (try promote(bucket: ref.bucket, key: ref.key)) }
                actions.append(line)
            }
            for (bucket, key) in scan.headless where !ordered.contains(where: { $0.key.bucket == bucket && $0.key.key == key && $0.key.table == .current }) {
                actions.append("\(bucket)/\(key) had no current version: " + (try promote(bucket: bucket, key: key)))
            }
            for (part, reason) in scan.badParts.sorted(by: { ($0.key.uploadId, $0.key.partNumber) < ($1.key.uploadId, $1.key.partNumber) }) {
                try db.with("DELETE FROM parts WHERE upload_id = ?1 AND part_number = ?2") { s in
                    s.bind(1, part.uploadId); s.bind(2, part.partNumber)
                    try s.step()
                }
                actions.append("dropped part \(part.partNumber) of upload \(part.uploadId) (\(reason)); the upload needs it uploaded again")
            }
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
        return actions
    }

    /// Makes the newest remaining noncurrent version of the key current, when there is one.
    private func promote(bucket: String, key: String) throws -> String {
        guard try ObjectRow.promoteNewest(db, bucket: bucket, key: key) else {
            return "no older version is left, so the key is gone"
        }
        let current = try ObjectRow.find(db, bucket: bucket, key: key)
        let what = current?.info.isDeleteMarker == true ? "delete marker" : "version"
        return "promoted the newest intact noncurrent \(what) \(current?.info.versionIdOrNull ?? "?")"
    }

    private func versionId(_ ref: IndexScan.VersionRef) throws -> String {
        try db.with("SELECT version_id FROM \(ref.table.rawValue) WHERE bucket = ?1 AND key = ?2\(ref.table == .noncurrent ? " AND seq = ?3" : "")") { s in
            s.bind(1, ref.bucket); s.bind(2, ref.key)
            if ref.table == .noncurrent { s.bind(3, ref.seq) }
            return try s.step() ? (s.optionalText(0) ?? "null") : "?"
        }
    }

    /// Cuts files back to the length their row records (bytes past it are never served).
    func truncate(_ files: [(path: String, length: Int64)]) -> [String] {
        files.map { file in
            let path = root + "/" + file.path
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { return "could not open \(file.path) to truncate it: \(String(cString: strerror(errno)))" }
            defer { close(fd) }
            guard ftruncate(fd, off_t(file.length)) == 0, fsync(fd) == 0 else {
                return "could not truncate \(file.path): \(String(cString: strerror(errno)))"
            }
            return "truncated \(file.path) to the \(file.length) bytes its row records"
        }
    }

    /// Removes `paths` (relative to the root) that the committed index does not reference; the
    /// set is read afresh, so a file a repair just stopped referencing goes too.
    func removeUnreferenced(_ candidates: [String], temporary: [String]) throws -> [String] {
        var actions: [String] = []
        for path in temporary {
            if (try? FileManager.default.removeItem(atPath: root + "/" + path)) != nil {
                actions.append("removed \(path) (temporary)")
            }
        }
        let referenced = try Self.referencedFiles(db)
        for path in candidates where !referenced.contains(path) {
            if unlink(root + "/" + path) == 0 { actions.append("removed \(path) (no row references it)") }
        }
        return actions
    }

    /// Every file an object version, noncurrent version or part names, read in one snapshot.
    static func referencedFiles(_ db: Database) throws -> Set<String> {
        try db.readTransaction {
            var files = Set<String>()
            for sql in ["SELECT segments FROM objects", "SELECT segments FROM versions"] {
                try db.with(sql) { s in
                    while try s.step() { files.formUnion(s.withBytes(0) { SegmentList(encoded: $0).files }) }
                }
            }
            try db.with("SELECT file FROM parts") { s in
                while try s.step() { files.insert(s.text(0)) }
            }
            return files
        }
    }
}

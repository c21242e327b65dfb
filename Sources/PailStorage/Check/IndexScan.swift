import Foundation
import PailS3
#if canImport(Glibc)
import Glibc
#endif

/// Reads every row of the index and checks it against its files (with `deep`, against its bytes).
/// Changes nothing: it records what a repair would change.
final class IndexScan {
    /// One row of `objects` or `versions`.
    struct VersionRef: Hashable {
        var table: ObjectRow.Table
        var bucket: String
        var key: String
        var seq: Int64
    }

    struct PartRef: Hashable {
        var uploadId: String
        var partNumber: Int
    }

    private let db: Database
    private let root: String
    private let deep: Bool

    private(set) var findings: [StoreFinding] = []
    /// Rows whose bytes are gone or damaged, with a description of each: a repair drops them.
    private(set) var damaged: [VersionRef: String] = [:]
    /// Part rows a repair drops (file gone or damaged, or upload gone).
    private(set) var badParts: [PartRef: String] = [:]
    /// Files longer than the one row that records them: a repair cuts them to that length.
    private(set) var truncations: [(path: String, length: Int64)] = []
    /// Keys with noncurrent versions and no current row.
    private(set) var headless: [(bucket: String, key: String)] = []
    /// Every file a row names.
    private(set) var referenced: Set<String> = []
    private(set) var counts = StoreCheckReport.Counts()
    /// False when a table could not be read through: `referenced` may then miss files, so no
    /// unreferenced file may be removed.
    private(set) var complete = true

    init(db: Database, root: String, deep: Bool) {
        self.db = db
        self.root = root
        self.deep = deep
    }

    func run() {
        scanVersions(.current)
        scanVersions(.noncurrent)
        scanParts()
        scanHeadless()
    }

    // MARK: Object versions

    private func scanVersions(_ table: ObjectRow.Table) {
        // Column 11 on: bucket, whether the row keeps its bytes inline and how many; then the bytes.
        let sql = "SELECT \(ObjectRow.columns), bucket, inline IS NULL, length(inline)\(deep ? ", inline" : "") FROM \(table.rawValue)"
        do {
            try db.readTransaction {
                try db.with(sql) { s in
                    while try s.step() {
                        let row = ObjectRow(bucket: s.text(11), statement: s, isLatest: table == .current)
                        let inlineLength: Int64? = s.int64(12) != 0 ? nil : s.int64(13)
                        check(row, table: table, inlineLength: inlineLength,
                              inline: deep && inlineLength != nil ? (s.blob(14) ?? []) : nil)
                    }
                }
            }
        } catch {
            complete = false
            findings.append(StoreFinding(kind: .indexCorrupt, subject: table.rawValue, detail: "cannot read the table: \(error)"))
        }
    }

    private func check(_ row: ObjectRow, table: ObjectRow.Table, inlineLength: Int64?, inline: [UInt8]?) {
        if table == .current { counts.currentRows += 1 } else { counts.noncurrentRows += 1 }
        referenced.formUnion(row.segments.files)
        let info = row.info
        let ref = VersionRef(table: table, bucket: info.bucket, key: info.key, seq: row.seq)
        let subject = "\(info.bucket)/\(info.key) (\(table == .current ? "current" : "noncurrent") version \(info.versionIdOrNull))"
        if info.isDeleteMarker { return }
        if let inlineLength {
            if inlineLength != info.storedSize {
                damage(ref, subject, .sizeMismatch, "the row keeps \(inlineLength) bytes inline for an object of \(info.storedSize)")
                return
            }
        } else {
            let total = row.segments.entries.reduce(Int64(0)) { $0 + $1.length }
            if total != info.storedSize {
                damage(ref, subject, .sizeMismatch, "its files hold \(total) bytes for an object of \(info.storedSize)")
                return
            }
            var intact = true
            for entry in row.segments.entries {
                if let problem = checkFile(entry.file, length: entry.length) {
                    damage(ref, subject, problem.0, problem.1)
                    intact = false
                }
            }
            guard intact else { return }
        }
        guard deep, info.metadata.encryption == nil,   // ciphertext: its chunks authenticate themselves when read
              let digests = ContentDigests(etag: info.etag, checksums: info.metadata.checksums,
                                                 partSizes: info.partSizes, size: info.size) else { return }
        do {
            let bytes: Int64
            if let inline {
                inline.withUnsafeBytes { digests.update($0) }
                bytes = Int64(inline.count)
            } else {
                bytes = try SegmentBytes.read(row.segments, root: root) { digests.update($0) }
            }
            counts.verified += 1
            counts.verifiedBytes += bytes
            let mismatches = digests.mismatches()
            if !mismatches.isEmpty { damage(ref, subject, .contentMismatch, mismatches.joined(separator: "; ")) }
        } catch {
            damage(ref, subject, .missingFile, "cannot read its bytes: \(error)")
        }
    }

    private func damage(_ ref: VersionRef, _ subject: String, _ kind: StoreFinding.Kind, _ detail: String) {
        findings.append(StoreFinding(kind: kind, subject: subject, detail: detail))
        if damaged[ref] == nil { damaged[ref] = "\(kind.rawValue): \(detail)" }
    }

    /// Nil when the file is there with at least `length` bytes; a longer file is reported and
    /// queued for truncation here (the bytes past `length` are never served).
    private func checkFile(_ file: String, length: Int64) -> (StoreFinding.Kind, String)? {
        var st = stat()
        guard lstat(root + "/" + file, &st) == 0 else {
            return (.missingFile, "\(file): \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return (.missingFile, "\(file) is not a regular file") }
        let size = Int64(st.st_size)
        if size < length { return (.sizeMismatch, "\(file) has \(size) of its \(length) bytes") }
        if size > length {
            findings.append(StoreFinding(kind: .sizeMismatch, subject: file,
                                         detail: "the file has \(size) bytes, its row records \(length)"))
            truncations.append((file, length))
        }
        return nil
    }

    // MARK: Parts

    private func scanParts() {
        let sql = """
            SELECT p.upload_id, p.part_number, p.size, p.etag, p.checksum, p.file, u.checksum_algorithm, u.upload_id IS NULL,
                   u.metadata
            FROM parts p LEFT JOIN uploads u ON u.upload_id = p.upload_id
            """
        do {
            try db.readTransaction {
                try db.with(sql) { s in
                    while try s.step() {
                        let ref = PartRef(uploadId: s.text(0), partNumber: Int(s.int64(1)))
                        let file = s.text(5)
                        counts.parts += 1
                        referenced.insert(file)
                        checkPart(ref, size: s.int64(2), etag: s.text(3), checksum: s.optionalText(4), file: file,
                                  algorithm: s.optionalText(6), uploadGone: s.int64(7) != 0,
                                  encryption: MetadataCoding.decode(s.optionalText(8)).encryption)
                    }
                }
            }
        } catch {
            complete = false
            findings.append(StoreFinding(kind: .indexCorrupt, subject: "parts", detail: "cannot read the table: \(error)"))
        }
    }

    private func checkPart(_ ref: PartRef, size: Int64, etag: String, checksum: String?, file: String,
                           algorithm: String?, uploadGone: Bool, encryption: ObjectEncryption?) {
        let subject = "upload \(ref.uploadId) part \(ref.partNumber)"
        func bad(_ kind: StoreFinding.Kind, _ detail: String) {
            findings.append(StoreFinding(kind: kind, subject: subject, detail: detail))
            if badParts[ref] == nil { badParts[ref] = "\(kind.rawValue): \(detail)" }
        }
        if uploadGone { bad(.danglingPart, "its upload does not exist") }
        if let problem = checkFile(file, length: encryption?.storedLength(plaintext: size) ?? size) {
            bad(problem.0, problem.1)
            return
        }
        var checksums: [String: String] = [:]
        if let checksum, let alg = algorithm.flatMap({ ChecksumAlgorithm(name: $0)?.rawValue }) { checksums[alg] = checksum }
        guard deep, !uploadGone, encryption == nil,
              let digests = ContentDigests(etag: etag, checksums: checksums, partSizes: [], size: size) else { return }
        do {
            let bytes = try SegmentBytes.read(SegmentList(entries: [.init(file: file, length: size)]), root: root) { digests.update($0) }
            counts.verified += 1
            counts.verifiedBytes += bytes
            let mismatches = digests.mismatches()
            if !mismatches.isEmpty { bad(.contentMismatch, mismatches.joined(separator: "; ")) }
        } catch {
            bad(.missingFile, "cannot read its bytes: \(error)")
        }
    }

    // MARK: The versions invariant

    private func scanHeadless() {
        let sql = """
            SELECT v.bucket, v.key, COUNT(*) FROM versions v
            WHERE NOT EXISTS (SELECT 1 FROM objects o WHERE o.bucket = v.bucket AND o.key = v.key)
            GROUP BY v.bucket, v.key
            """
        do {
            try db.with(sql) { s in
                while try s.step() {
                    let (bucket, key, count) = (s.text(0), s.text(1), s.int64(2))
                    headless.append((bucket, key))
                    findings.append(StoreFinding(kind: .versionsWithoutCurrent, subject: "\(bucket)/\(key)",
                                                 detail: "\(count) noncurrent version(s) but no current version"))
                }
            }
        } catch {
            complete = false
            findings.append(StoreFinding(kind: .indexCorrupt, subject: "versions", detail: "cannot read the table: \(error)"))
        }
    }
}

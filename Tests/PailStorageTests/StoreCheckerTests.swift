import Foundation
import PailS3
import Testing
@testable import PailStorage
#if canImport(Glibc)
import Glibc
#endif

/// `pail fsck`'s checker: each kind of planted damage is found, then repaired, and a second run
/// finds the store clean.
@Suite struct StoreCheckerTests {
    /// Finds, repairs, and checks that a second run is clean; returns the two reports.
    private func findThenRepair(_ f: CheckFixture, deep: Bool = false, expect kinds: Set<StoreFinding.Kind>,
                                sourceLocation: SourceLocation = #_sourceLocation) throws -> (StoreCheckReport, StoreCheckReport) {
        let found = try f.check(deep: deep)
        #expect(Set(found.problems.map(\.kind)) == kinds, "\(found.findings)", sourceLocation: sourceLocation)
        #expect(found.status == .problemsFound, sourceLocation: sourceLocation)
        #expect(!found.changed, sourceLocation: sourceLocation)
        let repaired = try f.check(repair: true, deep: deep)
        #expect(repaired.status == .repaired, "\(repaired.actions) \(repaired.remaining)", sourceLocation: sourceLocation)
        #expect(repaired.changed, sourceLocation: sourceLocation)
        let again = try f.check(deep: true)
        #expect(again.status == .clean, "\(again.findings)", sourceLocation: sourceLocation)
        #expect(again.findings.isEmpty, sourceLocation: sourceLocation)
        return (found, repaired)
    }

    @Test func cleanStore_isClean_andNeitherCheckNorRepairChangesAnyFile() throws {
        let f = CheckFixture()
        try f.withStore(inlineLimit: 100) { store throws in
            try CheckFixture.put(store, "inline", CheckFixture.bytes(50))
            try CheckFixture.put(store, "file", CheckFixture.bytes(5_000),
                                 checksums: ["crc32": Checksum.compute(.crc32, CheckFixture.bytes(5_000)).base64])
            try store.setVersioning("b", .enabled)
            try CheckFixture.put(store, "v", CheckFixture.bytes(300, seed: 1))
            try CheckFixture.put(store, "v", CheckFixture.bytes(300, seed: 2))
            _ = try store.delete(bucket: "b", key: "gone-soon")
            let upload = try store.createUpload(bucket: "b", key: "mp", metadata: ObjectMetadata(), checksumAlgorithm: nil,
                                                checksumType: nil, owner: "o", tags: [])
            let part = try store.makePartWriter(bucket: "b", uploadId: upload.uploadId, partNumber: 1)
            try CheckFixture.bytes(1000).withUnsafeBytes { try part.write($0) }
            _ = try part.commitPart(etag: md5(CheckFixture.bytes(1000)).hex, checksum: nil)
        }
        // As a stopped server leaves it: pail.sqlite and a write-ahead log holding frames (a store's
        // last connection to close may or may not have checkpointed; make sure of the log).
        try f.withIndex { db in
            db.keepWriteAheadLogOnClose()
            try db.execute("PRAGMA user_version = \(IndexSchema.version)")
        }
        #expect(FileManager.default.fileExists(atPath: f.path("pail.sqlite-wal")))
        try expectUntouched(f, verified: 5)

        // And as a cleanly closed one: no log at all. (A check then leaves none behind either.)
        try f.withIndex { db in try db.execute("SELECT count(*) FROM sqlite_master") }   // the only connection: closing checkpoints
        #expect(!FileManager.default.fileExists(atPath: f.path("pail.sqlite-wal")))
        try expectUntouched(f, verified: 5)
        #expect(!FileManager.default.fileExists(atPath: f.path("pail.sqlite-wal")))
        #expect(!FileManager.default.fileExists(atPath: f.path("pail.sqlite-shm")))
    }

    /// A deep check and a deep repair find the store clean and leave every file as it was: sizes,
    /// modification times and the index's bytes. (-shm, SQLite's shared-memory index of the log,
    /// which every reader updates, is not content.)
    private func expectUntouched(_ f: CheckFixture, verified: Int,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = f.snapshot()
        let report = try f.check(deep: true)
        #expect(report.status == .clean, sourceLocation: sourceLocation)
        #expect(report.findings.isEmpty, "\(report.findings)", sourceLocation: sourceLocation)
        #expect(report.counts.currentRows == 4 && report.counts.noncurrentRows == 1 && report.counts.parts == 1,
                sourceLocation: sourceLocation)
        #expect(report.counts.verified == verified, sourceLocation: sourceLocation)
        let repaired = try f.check(repair: true, deep: true)
        #expect(repaired.status == .clean && !repaired.changed && repaired.actions.isEmpty, sourceLocation: sourceLocation)
        let after = f.snapshot()
        #expect(after.0.filter { !$0.key.hasSuffix("-shm") } == before.0.filter { !$0.key.hasSuffix("-shm") },
                "file sizes or times changed", sourceLocation: sourceLocation)
        #expect(after.1 == before.1, "the index's bytes changed", sourceLocation: sourceLocation)
    }

    @Test func deletedFileOfCurrentVersion_isMissing_repairPromotesNewestIntactVersion() throws {
        let f = CheckFixture()
        let (older, newer) = try f.withStore { store throws in
            try store.setVersioning("b", .enabled)
            let a = try CheckFixture.put(store, "k", CheckFixture.bytes(10, seed: 1))
            let b = try CheckFixture.put(store, "k", CheckFixture.bytes(10, seed: 2))
            return (a, b)
        }
        let file = try #require(try f.files("k").first)
        unlink(f.path(file))

        let (found, repaired) = try findThenRepair(f, expect: [.missingFile])
        #expect(found.problems.first?.subject.contains(newer.versionId!) == true)
        #expect(repaired.actions.contains { $0.contains("promoted") && $0.contains(older.versionId!) })
        try f.withStore { store throws in
            #expect(try store.head(bucket: "b", key: "k").versionId == older.versionId)
            #expect(StoreFixture.read(try store.open(bucket: "b", key: "k")) == Data(CheckFixture.bytes(10, seed: 1)))
        }
    }

    @Test func truncatedFile_isSizeMismatch_repairDropsTheObject() throws {
        let f = CheckFixture()
        try f.withStore { store throws in
            try CheckFixture.put(store, "cut", CheckFixture.bytes(4096))
            try CheckFixture.put(store, "kept", CheckFixture.bytes(4096, seed: 9))
        }
        let file = try #require(try f.files("cut").first)
        #expect(truncate(f.path(file), 100) == 0)

        let (found, _) = try findThenRepair(f, expect: [.sizeMismatch])
        #expect(found.problems.first?.detail.contains("100 of its 4096 bytes") == true)
        try f.withStore { store throws in
            #expect(throws: StorageError.noSuchKey) { try store.head(bucket: "b", key: "cut") }
            #expect(StoreFixture.read(try store.open(bucket: "b", key: "kept")) == Data(CheckFixture.bytes(4096, seed: 9)))
        }
    }

    @Test func longerFile_isSizeMismatch_repairTruncatesIt_objectUnchanged() throws {
        let f = CheckFixture()
        try f.withStore { store in try CheckFixture.put(store, "k", CheckFixture.bytes(2000)) }
        let file = try #require(try f.files("k").first)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: f.path(file)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("extra".utf8))
        try handle.close()

        let (_, repaired) = try findThenRepair(f, deep: true, expect: [.sizeMismatch])
        #expect(repaired.actions.contains { $0.hasPrefix("truncated \(file)") })
        try f.withStore { store throws in
            #expect(StoreFixture.read(try store.open(bucket: "b", key: "k")) == Data(CheckFixture.bytes(2000)))
        }
    }

    @Test func flippedByte_isFoundOnlyByDeep_inFilesInlineRowsAndChecksums() throws {
        let f = CheckFixture()
        try f.withStore(inlineLimit: 100) { store throws in
            try CheckFixture.put(store, "file", CheckFixture.bytes(3000))
            try CheckFixture.put(store, "inline", CheckFixture.bytes(60))
            // ETag not an MD5 (nothing to compare), but a stored SHA-256 of the bytes.
            let writer = try store.makeWriter(bucket: "b")
            let bytes = CheckFixture.bytes(500, seed: 7)
            try bytes.withUnsafeBytes { try writer.write($0) }
            _ = try writer.commit(key: "sha", etag: "opaque-etag",
                                  metadata: ObjectMetadata(checksums: ["sha256": sha256(bytes).base64], checksumType: "FULL_OBJECT"),
                                  condition: .none)
            try CheckFixture.put(store, "intact", CheckFixture.bytes(3000, seed: 3))
        }
        try f.flip(try #require(try f.files("file").first), at: 1234)
        try f.flip(try #require(try f.files("sha").first), at: 0)
        try f.withIndex { db in
            try db.execute("UPDATE objects SET inline = zeroblob(60) WHERE key = 'inline'")
        }
        let shallow = try f.check()
        #expect(shallow.status == .clean)

        let (found, _) = try findThenRepair(f, deep: true, expect: [.contentMismatch])
        #expect(found.problems.count == 3)
        #expect(found.problems.contains { $0.subject.hasPrefix("b/sha ") && $0.detail.contains("SHA256") })
        try f.withStore { store throws in
            for key in ["file", "inline", "sha"] {
                #expect(throws: StorageError.noSuchKey) { try store.head(bucket: "b", key: key) }
            }
            #expect(StoreFixture.read(try store.open(bucket: "b", key: "intact")) == Data(CheckFixture.bytes(3000, seed: 3)))
        }
    }

    @Test func orphanAndTmpFiles_areProblems_youngUnreferencedFilesArePendingOnly() throws {
        let f = CheckFixture()
        try f.withStore { store in try CheckFixture.put(store, "k", CheckFixture.bytes(100)) }
        let orphan = "objects/ab/ab" + String(repeating: "0", count: 30)
        let orphanPart = "uploads/cd/cd" + String(repeating: "1", count: 30)
        let young = "objects/ef/ef" + String(repeating: "2", count: 30)
        try f.plant(orphan, [1, 2, 3])
        try f.plant(orphanPart, [4])
        try f.plant(young, [5])
        try f.plant("tmp/leftover", [6])
        f.age(orphan, by: 120)
        f.age(orphanPart, by: 120)

        let found = try f.check()
        #expect(Set(found.problems.map(\.subject)) == [orphan, orphanPart, "tmp/leftover"])
        #expect(found.pending.map(\.subject) == [young])
        #expect(found.status == .problemsFound)

        let repaired = try f.check(repair: true)
        #expect(repaired.status == .repaired)
        for path in [orphan, orphanPart, young, "tmp/leftover"] { #expect(!FileManager.default.fileExists(atPath: f.path(path))) }
        #expect(try f.check().status == .clean)

        // Pending files alone leave the store clean.
        try f.plant(young, [5])
        let pendingOnly = try f.check()
        #expect(pendingOnly.status == .clean && pendingOnly.pending.count == 1)
    }

    @Test func versionsWithoutCurrentRow_areFound_repairPromotesTheNewest() throws {
        let f = CheckFixture()
        let newest = try f.withStore { store -> ObjectInfo in
            try store.setVersioning("b", .enabled)
            try CheckFixture.put(store, "k", CheckFixture.bytes(10, seed: 1))
            let b = try CheckFixture.put(store, "k", CheckFixture.bytes(10, seed: 2))
            try CheckFixture.put(store, "k", CheckFixture.bytes(10, seed: 3))
            return b
        }
        try f.withIndex { db in try db.execute("DELETE FROM objects WHERE key = 'k'") }

        // The deleted row's file is now unreferenced but young: pending, not a problem.
        let (found, _) = try findThenRepair(f, expect: [.versionsWithoutCurrent])
        #expect(found.pending.count == 1)
        #expect(found.problems.contains { $0.kind == .versionsWithoutCurrent && $0.subject == "b/k" })
        try f.withStore { store throws in
            #expect(try store.head(bucket: "b", key: "k").versionId == newest.versionId)
            let page = try store.listVersions(bucket: "b", prefix: "", delimiter: nil, keyMarker: nil, versionIdMarker: nil, maxKeys: 10)
            #expect(page.versions.count == 2)
        }
    }

    @Test func brokenPart_isDropped_uploadStays() throws {
        let f = CheckFixture()
        let uploadId = try f.withStore { store -> String in
            let upload = try store.createUpload(bucket: "b", key: "mp", metadata: ObjectMetadata(), checksumAlgorithm: nil,
                                                checksumType: nil, owner: "o", tags: [])
            for number in 1...2 {
                let part = try store.makePartWriter(bucket: "b", uploadId: upload.uploadId, partNumber: number)
                let bytes = CheckFixture.bytes(700, seed: UInt8(number))
                try bytes.withUnsafeBytes { try part.write($0) }
                _ = try part.commitPart(etag: md5(bytes).hex, checksum: nil)
            }
            return upload.uploadId
        }
        let partFile = try f.withIndex { db in
            try db.with("SELECT file FROM parts WHERE part_number = 2") { s in try s.step() ? s.text(0) : "" }
        }
        unlink(f.path(partFile))

        _ = try findThenRepair(f, expect: [.missingFile])
        try f.withStore { store throws in
            let parts = try store.listParts(bucket: "b", uploadId: uploadId, after: 0, max: 10)
            #expect(parts.map(\.partNumber) == [1])
        }
    }
}

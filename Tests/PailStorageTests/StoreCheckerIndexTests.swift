import Foundation
import Testing
@testable import PailStorage
#if canImport(Glibc)
import Glibc
#endif

/// fsck and the index file itself: `integrity_check` failures, the `VACUUM INTO` rebuild, and the
/// directory lock that keeps fsck and a server apart.
@Suite struct StoreCheckerIndexTests {
    /// Overwrites the page that holds the root of `name` (a table or index) with `0xFF` bytes.
    private func corruptPage(of name: String, _ f: CheckFixture) throws {
        let page = try f.withIndex { db in
            try db.with("SELECT rootpage FROM sqlite_master WHERE name = ?1") { s in
                s.bind(1, name); return try s.step() ? s.int64(0) : 0
            }
        }
        try corrupt(page: page, f)
    }

    /// Overwrites page `page` (1-based) of the index file with `0xFF` bytes. The connection that
    /// reads the page size is the only one, so closing it checkpoints: every page is in the file.
    private func corrupt(page: Int64, _ f: CheckFixture) throws {
        let size = try f.withIndex { db in try db.with("PRAGMA page_size") { s in try s.step() ? s.int64(0) : 0 } }
        #expect(page > 1)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: f.path("pail.sqlite")))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64((page - 1) * size))
        try handle.write(contentsOf: Data(repeating: 0xFF, count: Int(size)))
    }

    private func fill(_ f: CheckFixture) throws -> String {
        try f.withStore(inlineLimit: 100) { store -> String in
            try CheckFixture.put(store, "inline", CheckFixture.bytes(40))
            try CheckFixture.put(store, "file", CheckFixture.bytes(4000))
            var last = ""
            for i in 0..<20 {
                last = try store.createUpload(bucket: "b", key: "up\(i)", metadata: ObjectMetadata(), checksumAlgorithm: nil,
                                              checksumType: nil, owner: "o", tags: []).uploadId
            }
            return last
        }
    }

    @Test func corruptFreelistPage_failsIntegrityCheck_repairRebuildsWithVacuumInto() throws {
        let f = CheckFixture()
        _ = try fill(f)
        // Free pages: rows big enough to need pages of their own, then deleted.
        try f.withIndex { db in
            try db.execute("INSERT INTO bucket_settings(bucket, name, value) VALUES('b', 'x1', zeroblob(40000)), ('b', 'x2', zeroblob(40000))")
            try db.execute("DELETE FROM bucket_settings WHERE name IN ('x1', 'x2')")
        }
        let trunk = try f.withIndex { db in try db.with("PRAGMA freelist_count") { s in try s.step() ? s.int64(0) : 0 } }
        #expect(trunk > 0)
        let header = try Data(contentsOf: URL(fileURLWithPath: f.path("pail.sqlite")))[32..<36]
        try corrupt(page: header.reduce(Int64(0)) { $0 << 8 | Int64($1) }, f)

        #expect(try f.check().problems.map(\.kind) .allSatisfy { $0 == .indexCorrupt })
        let repaired = try f.check(repair: true)
        #expect(repaired.status == .repaired, "\(repaired.actions) \(repaired.remaining)")
        #expect(repaired.actions.first?.hasPrefix("rebuilt pail.sqlite by VACUUM INTO") == true, "\(repaired.actions)")
        #expect(try f.check(deep: true).status == .clean)
        try f.withStore(inlineLimit: 100) { store throws in
            #expect(StoreFixture.read(try store.open(bucket: "b", key: "file")) == Data(CheckFixture.bytes(4000)))
        }
    }

    @Test func corruptIndexPage_failsIntegrityCheck_repairRebuildsFromTheTables() throws {
        let f = CheckFixture()
        let uploadId = try fill(f)
        try corruptPage(of: "uploads_by_initiated", f)
        let damaged = f.snapshot().1

        let found = try f.check()
        #expect(found.status == .problemsFound)
        #expect(!found.problems.isEmpty && found.problems.allSatisfy { $0.kind == .indexCorrupt }, "\(found.findings)")
        #expect(f.snapshot().1 == damaged, "a check without --repair must not write the index")

        let repaired = try f.check(repair: true)
        #expect(repaired.status == .repaired, "\(repaired.actions) \(repaired.remaining)")
        #expect(repaired.actions.first?.hasPrefix("rebuilt pail.sqlite by copying every table's rows") == true, "\(repaired.actions)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: f.root).filter { $0.hasPrefix("pail.sqlite.corrupt-") }
        #expect(kept.count == 1)
        #expect(try f.check(deep: true).status == .clean)

        try f.withStore(inlineLimit: 100) { store throws in
            #expect(StoreFixture.read(try store.open(bucket: "b", key: "inline")) == Data(CheckFixture.bytes(40)))
            #expect(StoreFixture.read(try store.open(bucket: "b", key: "file")) == Data(CheckFixture.bytes(4000)))
            #expect(try store.upload(bucket: "b", uploadId: uploadId).key == "up19")
            #expect(try store.abortUploads(initiatedBefore: Date.distantFuture) == 20)
        }
    }

    @Test func unreadableTable_repairKeepsEveryFile_andReportsWhatRemains() throws {
        let f = CheckFixture()
        _ = try fill(f)
        let file = try #require(try f.files("file").first)
        try corruptPage(of: "objects", f)

        let report = try f.check(repair: true)
        #expect(report.status == .unrepaired)
        #expect(!report.remaining.isEmpty)
        #expect(report.actions.contains { $0.contains("left unreferenced files in place") })
        #expect(FileManager.default.fileExists(atPath: f.path(file)), "a file whose row cannot be read must stay")
    }

    @Test func checker_refusesADirectoryInUseByAStore() throws {
        let f = CheckFixture()
        try f.withStore { store throws in
            try CheckFixture.put(store, "k", [1])
            #expect(throws: StoreCheckError.self) { try f.check() }
        }
        #expect(try f.check().status == .clean)
    }

    @Test func store_refusesADirectoryLockedByAnotherProcess() throws {
        let f = CheckFixture()
        try f.withStore { _ in }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--exclusive", "--no-fork", f.path("pail.lock"), "sleep", "30"]
        try holder.run()
        defer { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() }
        // Wait until the holder has the lock.
        let probe = open(f.path("pail.lock"), O_RDWR)
        defer { close(probe) }
        let deadline = Date().addingTimeInterval(10)
        while flock(probe, LOCK_EX | LOCK_NB) == 0 {
            flock(probe, LOCK_UN)
            if Date() > deadline { break }
            usleep(10_000)
        }
        #expect {
            _ = try DiskObjectStore(directory: f.directory, durable: false)
        } throws: { error in
            guard case StorageError.io(let message) = error else { return false }
            return message.contains("in use by another Pail process")
        }
        let refused = try? f.check()
        #expect(refused == nil)
    }

    @Test func checker_onAnEmptyDirectory_saysItIsNotADataDirectory() throws {
        let f = CheckFixture()
        try FileManager.default.createDirectory(at: f.directory, withIntermediateDirectories: true)
        #expect(throws: StoreCheckError.self) { try f.check() }
    }
}
